import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, type RuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

describe('references', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager;
  const open = (): Promise<RuntimeEnvManager> =>
    openRuntimeEnvManager({
      dataDirectory: join(directory.path, 'data'),
      plugins: [countingPlugin('alpha', { countFile: join(directory.path, 'count.txt') })],
    });

  beforeEach(async () => {
    directory = temporaryDirectory();
    manager = await open();
  });

  afterEach(async () => {
    await manager.close();
    directory.remove();
  });

  const owners = (id: string): string[] =>
    manager
      .getEnvironment(id)!
      .references.map((reference) => reference.owner)
      .sort();

  it('release twice is harmless, and a released environment becomes collectable', async () => {
    const handle = await manager.getOrCreate({ alpha: ['x'] }, { owner: 'job-1' });
    const uris = handle.record.uris.map((entry) => entry.uri);
    expect(manager.release(handle.id, 'job-1')).toBe(true);
    expect(manager.release(handle.id, 'job-1')).toBe(false);
    expect(manager.release('no-such-environment', 'job-1')).toBe(false);
    const report = await manager.gc({ all: true });
    expect(report.removed.map((candidate) => candidate.uri)).toEqual(uris);
    expect(report.environmentsRemoved).toEqual([handle.id]);
  });

  it('a lease lapses unless renewed, and renewing an unknown reference is an error', async () => {
    const leased = await manager.getOrCreate({ alpha: ['leased'] }, { owner: 'short', leaseSeconds: 0.05 });
    await manager.getOrCreate({ alpha: ['leased'] }, { owner: 'renewed', leaseSeconds: 0.05 });
    manager.renewLease(leased.id, 'renewed', 60);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(owners(leased.id)).toEqual(['renewed']);
    expect(manager.getEnvironment(leased.id)!.references[0]!.expiresAt).toBeDefined();
    expect(() => manager.renewLease(leased.id, 'nobody', 10)).toThrow(/"nobody" holds no reference/);
    manager.release(leased.id, 'renewed');
    expect((await manager.gc({ all: true })).removed).toHaveLength(1);
  });

  it('a pid reference lapses when that process is gone', async () => {
    const child = spawn('sleep', ['30']);
    const handle = await manager.getOrCreate({ alpha: ['by-pid'] }, { owner: 'child', pid: child.pid! });
    expect(owners(handle.id)).toEqual(['child']);
    expect((await manager.gc({ all: true })).removed).toHaveLength(0);
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
    expect(owners(handle.id)).toEqual([]);
    expect(manager.listUris()[0]!.referencedBy).toEqual([]);
    expect((await manager.gc({ all: true })).removed).toHaveLength(1);
  });

  it('references survive closing and reopening', async () => {
    const handle = await manager.getOrCreate({ alpha: ['kept'] }, { owner: 'job-7', leaseSeconds: 3600 });
    await manager.getOrCreate({ alpha: ['kept'] }, { owner: 'job-8', pid: process.pid });
    await manager.close();
    manager = await open();
    expect(owners(handle.id)).toEqual(['job-7', 'job-8']);
    expect(manager.getEnvironment(handle.id)!.references.find((reference) => reference.owner === 'job-8')!.pid).toBe(process.pid);
    expect((await manager.gc({ all: true })).removed).toHaveLength(0);
    const again = await manager.getOrCreate({ alpha: ['kept'] }, { owner: 'job-9' });
    expect(again.cached).toBe(true);
  });

  it('remove refuses while referenced, unless forced', async () => {
    const handle = await manager.getOrCreate({ alpha: ['busy'] }, { owner: 'holder' });
    await expect(manager.remove(handle.id)).rejects.toMatchObject({ code: 'environment_in_use' });
    const { bytesFreed } = await manager.remove(handle.id, { force: true });
    expect(bytesFreed).toBe(100);
    expect(manager.getEnvironment(handle.id)).toBeUndefined();
    expect(manager.listUris()).toEqual([]);
    await expect(manager.remove(handle.id)).rejects.toMatchObject({ code: 'environment_not_found' });
    const rebuilt = await manager.getOrCreate({ alpha: ['busy'] }, { owner: 'holder' });
    expect(rebuilt.cached).toBe(false);
  });
  it('a lapsed lease cannot be renewed: the reference is gone even before a collection', async () => {
    const leased = await manager.getOrCreate({ alpha: ['lapsing'] }, { owner: 'late', leaseSeconds: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(() => manager.renewLease(leased.id, 'late', 60)).toThrow(/holds no reference/);
  });

  it('repeated calls by one owner keep one reference, and a release after them really releases', async () => {
    const first = await manager.getOrCreate({ alpha: ['repeat'] }, { owner: 'worker' });
    for (let call = 0; call < 50; call += 1) await manager.getOrCreate({ alpha: ['repeat'] }, { owner: 'worker' });
    expect(owners(first.id)).toEqual(['worker']);
    expect(manager.release(first.id, 'worker')).toBe(true);
    expect(owners(first.id)).toEqual([]);
    // Taken again right after the release: the reference must be written, not assumed.
    await manager.getOrCreate({ alpha: ['repeat'] }, { owner: 'worker' });
    expect(owners(first.id)).toEqual(['worker']);
    const report = await manager.gc({ all: true });
    expect(report.environmentsRemoved).toEqual([]);
  });

  it('a caller that aborts without a reason gets a CancelledError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(manager.getOrCreate({ alpha: ['never'] }, { owner: 'impatient', signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
