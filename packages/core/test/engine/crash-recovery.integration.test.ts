import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, type RuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { linesOf, temporaryDirectory } from '../fixtures/temporary-directory.js';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('kill -9 during a creation', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager | undefined;

  beforeEach(() => {
    directory = temporaryDirectory();
  });

  afterEach(async () => {
    await manager?.close();
    directory.remove();
  });

  it('never serves the half-built URI: it is removed at open and rebuilt on demand; earlier references stay', async () => {
    const dataDirectory = join(directory.path, 'data');
    const countFile = join(directory.path, 'creates.txt');
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'test/fixtures/crash-child.ts', dataDirectory, countFile], {
      cwd: packageDirectory,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const slowDirectory = join(dataDirectory, 'plugins', 'slow', 'uris');
    for (let tries = 0; ; tries += 1) {
      const started = existsSync(countFile) && readFileSync(countFile, 'utf8').includes('slow:core-test-plugins@');
      const partial = existsSync(slowDirectory) && readdirSync(slowDirectory).some((name) => existsSync(join(slowDirectory, name, 'partial.txt')));
      if (started && partial) break;
      if (tries > 400) throw new Error('the child never started creating the slow URI');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(readdirSync(slowDirectory)).toHaveLength(1);

    manager = await openRuntimeEnvManager({
      dataDirectory,
      plugins: [countingPlugin('alpha', { countFile }), countingPlugin('slow', { countFile })],
    });
    expect(readdirSync(slowDirectory)).toEqual([]);
    expect(manager.listUris().map((record) => [record.plugin, record.state])).toEqual([['alpha', 'ready']]);
    const [before] = manager.listEnvironments({ plugin: 'alpha' });
    expect(before?.references.map((reference) => reference.owner)).toEqual(['before-crash']);
    // The environment the dead process was creating is not left `creating` for `rtenv ls` to show.
    expect(manager.listEnvironments({ plugin: 'slow' })).toEqual([]);

    const rebuilt = await manager.getOrCreate({ slow: ['half'] }, { owner: 'after-crash' });
    expect(rebuilt.cached).toBe(false);
    const [slowUri] = manager.listUris().filter((record) => record.plugin === 'slow');
    expect(readFileSync(join(slowUri!.path, 'content.txt'), 'utf8')).toBe(slowUri!.uri);
    expect(linesOf(readFileSync(countFile, 'utf8')).filter((line) => line.startsWith('slow:core-test-plugins@'))).toHaveLength(2);
    const again = await manager.getOrCreate({ alpha: ['before'] }, { owner: 'after-crash' });
    expect(again.cached).toBe(true);
  });

  it('shows who is creating an environment, and that it is gone once killed, to a manager already open', async () => {
    const dataDirectory = join(directory.path, 'data');
    const countFile = join(directory.path, 'creates.txt');
    const plugins = [countingPlugin('alpha', { countFile }), countingPlugin('slow', { countFile })];
    manager = await openRuntimeEnvManager({ dataDirectory, plugins });
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'test/fixtures/crash-child.ts', dataDirectory, countFile], {
      cwd: packageDirectory,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const slowId = (await manager.resolve({ slow: ['half'] })).id;
    for (let tries = 0; manager.getEnvironment(slowId)?.state !== 'creating'; tries += 1) {
      if (tries > 400) throw new Error('the child never started creating the slow environment');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(manager.getEnvironment(slowId)?.creator).toEqual({ pid: child.pid, alive: true });
    child.kill('SIGKILL');
    await exited;
    // Recovery would settle it at the next open; until then the record says its creator is gone.
    expect(manager.getEnvironment(slowId)).toMatchObject({ state: 'creating', creator: { pid: child.pid, alive: false } });
    const alpha = manager.listEnvironments({ plugin: 'alpha' });
    expect(alpha.map((record) => [record.state, record.creator])).toEqual([['ready', undefined]]);
  });

  it('rebuilds a ready environment whose URI directory vanished', async () => {
    const dataDirectory = join(directory.path, 'data');
    const countFile = join(directory.path, 'creates.txt');
    const plugins = [countingPlugin('alpha', { countFile })];
    manager = await openRuntimeEnvManager({ dataDirectory, plugins });
    const handle = await manager.getOrCreate({ alpha: ['gone'] }, { owner: 'holder' });
    await manager.close();
    const [uriDirectory] = readdirSync(join(dataDirectory, 'plugins', 'alpha', 'uris'));
    const { rmSync } = await import('node:fs');
    rmSync(join(dataDirectory, 'plugins', 'alpha', 'uris', uriDirectory!), { recursive: true });

    manager = await openRuntimeEnvManager({ dataDirectory, plugins });
    expect(manager.getEnvironment(handle.id)?.state).toBe('creating');
    const again = await manager.getOrCreate({ alpha: ['gone'] }, { owner: 'holder' });
    expect(again.cached).toBe(false);
    expect(linesOf(readFileSync(countFile, 'utf8'))).toHaveLength(2);
    expect(manager.getEnvironment(handle.id)?.references.map((reference) => reference.owner)).toEqual(['holder']);
  });
});
