import { describe, expect, it, vi } from 'vitest';
import type { LaunchEngine, LaunchEngineClient } from '../src/engine/launch-engine-client.js';
import type { StandbyRequest } from '../src/standby/start-standby.js';
import { StandbyPool } from '../src/standby/standby-pool.js';

/** An Engine in memory: containers run until removed; `startFails` refuses starts with that message. */
function fakeEngine(settings: { startFails?: string } = {}) {
  const running = new Map<string, () => void>();
  const created: string[] = [];
  const removed: string[] = [];
  let next = 0;
  const client = {
    standby: { inspectImageEntrypoint: async () => ({ id: 'sha256:image', entrypoint: [] }) },
    createContainer: async () => {
      next += 1;
      const id = `container-${next}`;
      created.push(id);
      return id;
    },
    start: async () => {
      if (settings.startFails) throw Object.assign(new Error(settings.startFails), { statusCode: 400 });
    },
    wait: (id: string) => new Promise<number>((resolve) => running.set(id, () => resolve(137))),
    remove: async (id: string) => {
      removed.push(id);
      running.get(id)?.();
    },
  } as unknown as LaunchEngineClient;
  const engine: LaunchEngine = { client, endpoint: 'fake', call: (_action, operation) => operation() };
  return { engine, operations: client.standby!, created, removed, endOnItsOwn: (id: string) => running.get(id)?.() };
}

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const request = (key: string): StandbyRequest => ({ createBody: { Image: 'sha256:image' }, key, plugin: 'image_uri', logger });

/** Lets the pool's background start settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('StandbyPool', () => {
  it('hands a started standby to one claimer only, and starts one per key at a time', async () => {
    const fake = fakeEngine();
    const pool = new StandbyPool();
    expect(pool.claim('plan')).toBeUndefined();
    pool.replenish('plan', fake.engine, fake.operations, request('plan'), 60);
    pool.replenish('plan', fake.engine, fake.operations, request('plan'), 60);
    await settle();
    expect(fake.created).toEqual(['container-1']);
    expect(pool.claim('plan')?.containerId).toBe('container-1');
    expect(pool.claim('plan')).toBeUndefined();
    await pool.close();
  });

  it('removes a standby that idles past the idle time, and one that ends on its own', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const fake = fakeEngine();
      const pool = new StandbyPool();
      pool.replenish('idle', fake.engine, fake.operations, request('idle'), 60);
      await vi.advanceTimersByTimeAsync(10);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(fake.removed).toEqual([]);
      await vi.advanceTimersByTimeAsync(1_001);
      expect(fake.removed).toEqual(['container-1']);
      expect(pool.claim('idle')).toBeUndefined();
      pool.replenish('ends', fake.engine, fake.operations, request('ends'), 60);
      await vi.advanceTimersByTimeAsync(10);
      fake.endOnItsOwn('container-2');
      await vi.advanceTimersByTimeAsync(10);
      expect(fake.removed).toEqual(['container-1', 'container-2']);
      expect(pool.claim('ends')).toBeUndefined();
      await pool.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('on close removes every waiting standby and those still starting, then starts none', async () => {
    const fake = fakeEngine();
    const pool = new StandbyPool();
    pool.replenish('one', fake.engine, fake.operations, request('one'), 60);
    await settle();
    pool.replenish('two', fake.engine, fake.operations, request('two'), 60);
    await pool.close();
    expect(fake.removed.sort()).toEqual(['container-1', 'container-2']);
    pool.replenish('three', fake.engine, fake.operations, request('three'), 60);
    await settle();
    expect(fake.created).toHaveLength(2);
    expect(pool.claim('one')).toBeUndefined();
  });

  it('remembers an image whose standby cannot start for want of /bin/sh, and tries it no more', async () => {
    const fake = fakeEngine({ startFails: 'exec: "/bin/sh": stat /bin/sh: no such file or directory' });
    const pool = new StandbyPool();
    pool.replenish('plan', fake.engine, fake.operations, request('plan'), 60);
    await settle();
    expect(fake.removed).toEqual(['container-1']);
    expect(pool.isShellLess('sha256:image')).toBe(true);
    pool.replenish('plan', fake.engine, fake.operations, request('plan'), 60);
    await settle();
    expect(fake.created).toHaveLength(1);
    await pool.close();
  });
});
