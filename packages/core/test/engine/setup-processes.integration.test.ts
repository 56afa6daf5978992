import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, SetupTimeoutError, type RuntimeEnvManager } from '../../src/index.js';
import { stubbornProcessPlugin } from '../fixtures/stubborn-process-plugin.js';
import { linesOf, temporaryDirectory } from '../fixtures/temporary-directory.js';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Running, as opposed to gone or a zombie nobody reaped. */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

function pidsIn(file: string): number[] {
  return existsSync(file) ? linesOf(readFileSync(file, 'utf8')).map(Number) : [];
}

async function waitUntil(condition: () => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('setup processes that ignore SIGTERM', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let pidFile: string;
  let manager: RuntimeEnvManager | undefined;

  beforeEach(() => {
    directory = temporaryDirectory();
    pidFile = join(directory.path, 'pids.txt');
  });

  afterEach(async () => {
    await manager?.close();
    manager = undefined;
    for (const pid of [...pidsIn(pidFile), ...pidsIn(`${pidFile}.escaped`)]) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    directory.remove();
  });

  const open = (): Promise<RuntimeEnvManager> =>
    openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [stubbornProcessPlugin({ pidFile })] });

  it.each(['stubborn', 'impatient'])('a timeout rejects only once the whole group is gone (plugin %s)', async (spec) => {
    manager = await open();
    const error = await manager.getOrCreate({ stubborn: spec, config: { setup_timeout_seconds: 1 } }, { owner: 'test' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SetupTimeoutError);
    const pids = pidsIn(pidFile);
    expect(pids).toHaveLength(2);
    // No waiting here: the rejection itself promises that nothing runs any more.
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it('closing the manager (an agent shutting down) resolves only once the setup processes are gone', async () => {
    manager = await open();
    const pending = manager.getOrCreate({ stubborn: 'impatient' }, { owner: 'test' }).catch((thrown: unknown) => thrown);
    await waitUntil(() => pidsIn(pidFile).length === 2, 'the setup processes started');
    await manager.close();
    manager = undefined;
    expect(await pending).toMatchObject({ code: 'cancelled' });
    expect(pidsIn(pidFile).filter(isRunning)).toEqual([]);
  });

  function startDoomedCreator(spec: string): { killed: Promise<NodeJS.Signals | null> } & { kill: () => void } {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'test/fixtures/stubborn-creator-child.ts', join(directory.path, 'data'), pidFile, spec],
      {
        cwd: packageDirectory,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    return { killed, kill: () => child.kill('SIGKILL') };
  }

  it('after a kill -9 of the creator, its setup process group dies with it', async () => {
    const creator = startDoomedCreator('stubborn');
    await waitUntil(() => pidsIn(pidFile).length === 2, 'the setup processes started');
    creator.kill();
    expect(await creator.killed).toBe('SIGKILL');
    await waitUntil(() => pidsIn(pidFile).every((pid) => !isRunning(pid)), 'the orphaned setup processes are gone');
  });

  it('a new engine kills what escaped the group of a dead creator before it removes the URI directory', async () => {
    const creator = startDoomedCreator('escaping');
    await waitUntil(() => pidsIn(pidFile).length === 2 && pidsIn(`${pidFile}.escaped`).length === 1, 'the setup processes started');
    const urisDirectory = join(directory.path, 'data', 'plugins', 'stubborn', 'uris');
    await waitUntil(() => readdirSync(urisDirectory).some((name) => existsSync(join(urisDirectory, name, 'escapee-was-here'))), 'the escapee writes');
    creator.kill();
    expect(await creator.killed).toBe('SIGKILL');
    const [escapee] = pidsIn(`${pidFile}.escaped`);
    expect(isRunning(escapee!)).toBe(true);

    manager = await open();
    expect(isRunning(escapee!)).toBe(false);
    expect(readdirSync(urisDirectory)).toEqual([]);
    expect(manager.listUris()).toEqual([]);
    expect(manager.listEnvironments()).toEqual([]);
  });
});
