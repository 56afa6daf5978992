import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressEvent } from '@runtime-env/core';
import type { PythonIndex } from '@runtime-env/testkit';
import { openTestManager } from '@runtime-env/engine-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipPlugin } from '../src/index.js';
import { startFixtureIndex } from './helpers/fixture-index.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { launchAndCollect } from './helpers/launch-in-context.js';

isolatePipFromMachineConfig();

let index: PythonIndex;
beforeAll(async () => {
  index = await startFixtureIndex();
});
afterAll(async () => {
  await index.close();
});

const pipField = (packages: string[]) => ({ packages, pip_install_options: ['--index-url', index.url] });
const printVersion = ['python', '-c', 'import fixture_lib; print(fixture_lib.__version__)'];

/** Processes whose command line mentions `text` (pip children of a creation, say). */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return commandLine.includes(text) ? [`${pid}: ${commandLine}`] : [];
      } catch {
        return [];
      }
    });
}

describe('pip environments through the real core', () => {
  it('two environments created at once with conflicting versions each see their own', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin] });
    const [old, current] = await Promise.all([
      manager.getOrCreate({ pip: pipField(['fixture-lib==1.0.0']) }, { owner: 'task-old' }),
      manager.getOrCreate({ pip: pipField(['fixture-lib==2.0.0']) }, { owner: 'task-new' }),
    ]);
    expect(old.id).not.toBe(current.id);
    expect(await launchAndCollect(manager, old.context, printVersion)).toMatchObject({ exitCode: 0, stdout: '1.0.0' });
    expect(await launchAndCollect(manager, current.context, printVersion)).toMatchObject({ exitCode: 0, stdout: '2.0.0' });
    const locks = manager
      .listUris()
      .map((record) => record.lock?.filter((entry) => entry.origin === undefined).map((entry) => `${entry.name}==${entry.version}`));
    expect(locks).toEqual(expect.arrayContaining([['fixture-lib==1.0.0'], ['fixture-lib==2.0.0']]));
  });

  it('the same spec requested twice at once is created once', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin] });
    const started: ProgressEvent[] = [];
    manager.onProgress((event) => {
      if (event.kind === 'started' && event.plugin === 'pip') started.push(event);
    });
    const document = { pip: pipField(['fixture-app']) };
    const [first, second] = await Promise.all([manager.getOrCreate(document, { owner: 'one' }), manager.getOrCreate(document, { owner: 'two' })]);
    expect(second.id).toBe(first.id);
    expect(manager.listUris()).toHaveLength(1);
    expect(new Set(started.map((event) => event.uri)).size).toBe(1);
    expect(started.filter((event) => event.uri !== undefined)).toHaveLength(1);
    const third = await manager.getOrCreate(document, { owner: 'three' });
    expect(third.cached).toBe(true);
    expect(await launchAndCollect(manager, third.context, ['fixture-app'])).toMatchObject({ exitCode: 0, stdout: 'fixture-app 1.0.0' });
  });

  it('a missing package fails once, permanent and named, without retries; an index answering 503 is retried', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin], manager: { maxAttempts: 3, retryBaseDelayMs: 10 } });
    await expect(manager.getOrCreate({ pip: pipField(['absent-package']) }, { owner: 'task' })).rejects.toMatchObject({
      failureClass: 'permanent',
      message: expect.stringContaining('"absent-package"'),
    });
    // One attempt: the in-process resolver's page read (it leaves the failure to pip), pip's request and the plugin's check that the index is up.
    expect(index.requestCount('absent-package')).toBe(3);

    const failing = await startFixtureIndex();
    failing.failWith('fixture-lib', 503);
    try {
      const document = { pip: { packages: ['fixture-lib'], pip_install_options: ['--index-url', failing.url] } };
      await expect(manager.getOrCreate(document, { owner: 'task' })).rejects.toMatchObject({ failureClass: 'transient' });
      // Three attempts, each: the in-process resolver's page read, then pip's request and the plugin's check.
      expect(failing.requestCount('fixture-lib')).toBe(3 * 3);
    } finally {
      await failing.close();
    }
  });

  it('a setup timeout kills pip and leaves nothing behind', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin] });
    const document = { pip: pipField(['slow-package']), config: { setup_timeout_seconds: 2 } };
    await expect(manager.getOrCreate(document, { owner: 'task' })).rejects.toMatchObject({ code: 'setup_timeout' });
    expect(index.requestCount('slow-package')).toBeGreaterThan(0);
    expect(processesMentioning(manager.dataDirectory)).toEqual([]);
    const urisDirectory = join(manager.dataDirectory, 'plugins', 'pip', 'uris');
    expect(existsSync(urisDirectory) ? readdirSync(urisDirectory) : []).toEqual([]);
    expect(manager.listUris().filter((record) => record.state === 'ready')).toEqual([]);
  });

  it('evicts an unreferenced environment over the budget and keeps the one in use', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin], budgets: { perPluginBytes: { pip: 1 } } });
    const unused = await manager.getOrCreate({ pip: pipField(['fixture-lib==1.0.0']) }, { owner: 'finished-task' });
    manager.release(unused.id, 'finished-task');
    const inUse = await manager.getOrCreate({ pip: pipField(['fixture-lib==2.0.0']) }, { owner: 'running-task' });
    const unusedDirectory = manager.listUris().find((record) => record.referencedBy.length === 0)?.path as string;
    expect(existsSync(unusedDirectory)).toBe(true);

    // The core also collects in the background after each creation when budgets are set;
    // gc() runs after any collection already queued, so by its end the eviction is done.
    await manager.gc();
    expect(existsSync(unusedDirectory)).toBe(false);
    expect(manager.listUris().map((record) => record.referencedBy)).toEqual([[inUse.id]]);
    expect(await launchAndCollect(manager, inUse.context, printVersion)).toMatchObject({ exitCode: 0, stdout: '2.0.0' });
  });
});
