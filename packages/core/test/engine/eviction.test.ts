import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, type RuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

describe('eviction under budgets', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager;

  beforeEach(() => {
    directory = temporaryDirectory();
  });

  afterEach(async () => {
    await manager.close();
    directory.remove();
  });

  const open = async (budgets: { totalBytes?: number; perPluginBytes?: Record<string, number> }): Promise<void> => {
    const countFile = join(directory.path, 'count.txt');
    manager = await openRuntimeEnvManager({
      dataDirectory: join(directory.path, 'data'),
      plugins: [countingPlugin('alpha', { countFile, sizeBytes: 100 }), countingPlugin('beta', { countFile, sizeBytes: 100 })],
      budgets,
    });
  };
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));
  const uriNames = (): string[] =>
    manager
      .listUris()
      .map((record) => record.uri.split('/').at(-1)!.split('@')[0]!)
      .sort();

  it('evicts least recently used first, never referenced or pinned URIs; dry run deletes nothing', async () => {
    await open({});
    const referenced = await manager.getOrCreate({ alpha: ['referenced'] }, { owner: 'holder' });
    const pinned = await manager.getOrCreate({ alpha: ['pinned'] }, { owner: 'temporary' });
    manager.pin(pinned.id);
    manager.release(pinned.id, 'temporary');
    const released: string[] = [];
    for (const name of ['old', 'middle', 'new']) {
      const handle = await manager.getOrCreate({ alpha: [name] }, { owner: 'temporary' });
      manager.release(handle.id, 'temporary');
      released.push(handle.id);
      await pause();
    }
    // Touch "old" again so it becomes the most recently used: LRU, not creation order.
    await manager.getOrCreate({ alpha: ['old'] }, { owner: 'reader' });
    manager.release(released[0]!, 'reader');
    const before = manager.listUris();

    await manager.close();
    manager = undefined as never;
    await open({ totalBytes: 300 });
    const dryRun = await manager.gc({ dryRun: true });
    expect(dryRun.dryRun).toBe(true);
    expect(dryRun.removed.map((candidate) => candidate.reason)).toEqual(['over-budget', 'over-budget']);
    expect(dryRun.bytesFreed).toBe(200);
    expect([...dryRun.environmentsRemoved].sort()).toEqual([released[1], released[2]].sort());
    expect(manager.listUris()).toHaveLength(before.length);
    for (const record of before) expect(existsSync(record.path)).toBe(true);

    const report = await manager.gc();
    expect(report.removed.map((candidate) => candidate.uri)).toEqual(dryRun.removed.map((candidate) => candidate.uri));
    expect(report.bytesFreed).toBe(200);
    expect(uriNames()).toEqual(['old', 'pinned', 'referenced']);
    const remaining = manager.listUris();
    for (const record of before) expect(existsSync(record.path)).toBe(remaining.some((kept) => kept.uri === record.uri));
    expect(manager.getEnvironment(released[1]!)).toBeUndefined();
    expect(manager.getEnvironment(referenced.id)?.state).toBe('ready');
  });

  it('keeps going past the budget when everything left is in use', async () => {
    await open({ totalBytes: 100 });
    await manager.getOrCreate({ alpha: ['one'] }, { owner: 'holder' });
    await manager.getOrCreate({ alpha: ['two'] }, { owner: 'holder' });
    const report = await manager.gc();
    expect(report.removed).toEqual([]);
    expect(manager.listUris()).toHaveLength(2);
  });

  it('applies per-plugin budgets after each creation', async () => {
    await open({ perPluginBytes: { beta: 100 } });
    const first = await manager.getOrCreate({ beta: ['first'], alpha: ['a'] }, { owner: 'temporary' });
    manager.release(first.id, 'temporary');
    await pause();
    await manager.getOrCreate({ beta: ['second'] }, { owner: 'holder' });
    // Eviction after a creation runs in the background; gc() queues behind it.
    const report = await manager.gc({ dryRun: true });
    expect(report.removed).toEqual([]);
    expect(uriNames()).toEqual(['a', 'second']);
    expect(manager.getEnvironment(first.id)).toBeUndefined();
  });

  it('unpin makes an environment collectable again', async () => {
    await open({});
    const handle = await manager.getOrCreate({ alpha: ['p'] }, { owner: 'temporary' });
    manager.pin(handle.id);
    manager.release(handle.id, 'temporary');
    expect(manager.listUris()[0]!.pinned).toBe(true);
    expect((await manager.gc({ all: true })).removed).toHaveLength(0);
    manager.unpin(handle.id);
    expect((await manager.gc({ all: true })).removed).toHaveLength(1);
    expect(() => manager.pin('missing')).toThrow(/no environment "missing"/);
  });
});
