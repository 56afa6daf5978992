import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, SetupTimeoutError, type ProgressEvent, type RuntimeEnvManager } from '../../src/index.js';
import { processTreePlugin } from '../fixtures/process-tree-plugin.js';
import { linesOf, temporaryDirectory } from '../fixtures/temporary-directory.js';

const isAlive = (pid: number): boolean => {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z';
  } catch {
    return false;
  }
};

const waitUntil = async (condition: () => boolean, what: string): Promise<void> => {
  for (let tries = 0; tries < 100; tries += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting until ${what}`);
};

describe('setup timeout', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager;
  let pidFile: string;

  beforeEach(async () => {
    directory = temporaryDirectory();
    pidFile = join(directory.path, 'pids.txt');
    manager = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [processTreePlugin({ pidFile })] });
  });

  afterEach(async () => {
    await manager.close();
    directory.remove();
  });

  it('kills the process tree, removes the partial URI and names plugin, phase and setting', async () => {
    const events: ProgressEvent[] = [];
    const error = await manager
      .getOrCreate({ tree: 'slow', config: { setup_timeout_seconds: 1 } }, { owner: 'test', onProgress: (event) => events.push(event) })
      .catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(SetupTimeoutError);
    expect(error).toMatchObject({ code: 'setup_timeout', plugin: 'tree', phase: 'installing', timeoutSeconds: 1 });
    expect((error as Error).message).toContain('setup_timeout_seconds');

    const pids = linesOf(readFileSync(pidFile, 'utf8'))
      .filter((line) => /^\d+$/.test(line))
      .map(Number);
    expect(pids).toHaveLength(2);
    await waitUntil(() => pids.every((pid) => !isAlive(pid)), 'the shell and its background sleep are gone');
    // runProcess returned (the group was killed) before the engine cleaned up.
    expect(readFileSync(pidFile, 'utf8')).toMatch(/exit null SIGTERM/);

    const urisDirectory = join(directory.path, 'data', 'plugins', 'tree', 'uris');
    expect(existsSync(urisDirectory) ? readdirSync(urisDirectory) : []).toEqual([]);
    expect(manager.listUris()).toEqual([]);
    expect(manager.listEnvironments({ state: 'failed' })[0]?.error).toMatchObject({
      code: 'setup_timeout',
      hint: expect.stringContaining('setup_timeout_seconds'),
    });
    expect(events.map((event) => event.kind)).toEqual(['started', 'progress', 'failed']);
    expect(events[1]).toMatchObject({ plugin: 'tree', phase: 'installing', uri: 'tree:core-test-plugins@1.0.0/slow' });
  });

  it('cancels through the caller signal with the same cleanup, and remembers nothing', async () => {
    const controller = new AbortController();
    const pending = manager.getOrCreate({ tree: 'cancelled' }, { owner: 'test', signal: controller.signal });
    await waitUntil(() => existsSync(pidFile) && linesOf(readFileSync(pidFile, 'utf8')).length >= 2, 'the processes started');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    const pids = linesOf(readFileSync(pidFile, 'utf8'))
      .filter((line) => /^\d+$/.test(line))
      .map(Number);
    await waitUntil(() => pids.every((pid) => !isAlive(pid)), 'the processes are gone');
    expect(manager.listUris()).toEqual([]);
    expect(manager.listEnvironments({ state: 'failed' })).toEqual([]);
  });
});
