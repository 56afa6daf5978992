import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, type RuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { linesOf, temporaryDirectory } from '../fixtures/temporary-directory.js';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('two processes on one data directory', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager | undefined;

  beforeEach(() => {
    directory = temporaryDirectory();
  });

  afterEach(async () => {
    await manager?.close();
    directory.remove();
  });

  it('waits for a URI another live process is creating instead of creating it again', async () => {
    const dataDirectory = join(directory.path, 'data');
    const countFile = join(directory.path, 'creates.txt');
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'test/fixtures/slow-creator-child.ts', dataDirectory, countFile, '1500'], {
      cwd: packageDirectory,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    for (let tries = 0; !(existsSync(countFile) && readFileSync(countFile, 'utf8').includes('slow:core-test-plugins@')); tries += 1) {
      if (tries > 400) throw new Error('the child never started creating');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    // The child is alive and mid-creation: opening must not treat its work as stale.
    manager = await openRuntimeEnvManager({ dataDirectory, plugins: [countingPlugin('slow', { countFile })] });
    expect(manager.listUris().map((record) => record.state)).toEqual(['creating']);
    const handle = await manager.getOrCreate({ slow: ['shared'] }, { owner: 'parent' });

    expect(linesOf(readFileSync(countFile, 'utf8'))).toHaveLength(1);
    expect(manager.listUris().map((record) => record.state)).toEqual(['ready']);
    expect(readFileSync(join(manager.listUris()[0]!.path, 'content.txt'), 'utf8')).toContain('slow:core-test-plugins@1.0.0/shared');
    expect(handle.record.references.map((reference) => reference.owner).sort()).toEqual(['child', 'parent']);
    expect(await exited).toBe(0);
  });
});
