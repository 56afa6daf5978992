import type { EnvironmentRecord, ProgressEvent, RuntimeEnvManager } from '@runtime-env/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EnvironmentFeed, type FeedFrame } from '../src/live/environment-feed.js';

// The feed's batching, with fake timers and a stand-in for the three manager
// methods it calls (the agent's integration and browser tests drive the real one).

function record(id: string, lastUsedAt = '2026-01-01T00:00:00.000Z', state: EnvironmentRecord['state'] = 'ready'): EnvironmentRecord {
  return {
    id,
    runtimeEnv: { env_vars: { SECRET: 'never-in-a-row' } },
    config: { setup_timeout_seconds: 600, eager_install: true, log_files: [] },
    uris: [],
    state,
    references: [],
    pinned: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastUsedAt,
    creationMs: 5,
    sizeBytes: 0,
    setupLogPath: '/dev/null',
  } as EnvironmentRecord;
}

function standInManager() {
  const records = new Map<string, EnvironmentRecord>();
  const progressListeners = new Set<(event: ProgressEvent) => void>();
  const reads: string[] = [];
  const manager = {
    getEnvironment(id: string) {
      reads.push(id);
      return records.get(id);
    },
    listEnvironmentSummaries: () =>
      [...records.values()].map((entry) => ({ ...entry, fields: Object.keys(entry.runtimeEnv), references: entry.references.length })),
    onProgress(listener: (event: ProgressEvent) => void) {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
  } as unknown as RuntimeEnvManager;
  const progress = (environmentId: string, plugin: string, phase: string, bytesDone: number): void => {
    for (const listener of progressListeners)
      listener({ environmentId, plugin, uri: `${plugin}://x`, kind: 'progress', phase, bytesDone, bytesTotal: 100, message: 'free text', at: '' });
  };
  return { manager, records, reads, progress };
}

const parsed = (frames: readonly FeedFrame[]) => frames.map((frame) => ({ event: frame.event, data: JSON.parse(frame.data) as unknown }));

describe('the live environments feed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("hands every follower the same frames, serialized once, with a tick's changes together", () => {
    const { manager, records } = standInManager();
    const feed = new EnvironmentFeed(manager);
    const first: (readonly FeedFrame[])[] = [];
    const second: (readonly FeedFrame[])[] = [];
    expect(feed.subscribe((frames) => first.push(frames)).snapshot).toEqual([]);
    feed.subscribe((frames) => second.push(frames));

    records.set('a', record('a'));
    records.set('b', record('b'));
    feed.noteChange('a');
    feed.noteChange('b');
    vi.advanceTimersByTime(250);

    expect(first).toHaveLength(1);
    expect(second[0]).toBe(first[0]);
    expect(parsed(first[0]!)).toEqual([{ event: 'upsert', data: { rows: [expect.objectContaining({ id: 'a' }), expect.objectContaining({ id: 'b' })] } }]);
    expect(first[0]![0]!.data).not.toContain('never-in-a-row');
  });

  it("passes on each creating plugin's latest step once per tick, without the plugin's free text", () => {
    const { manager, records, progress } = standInManager();
    const feed = new EnvironmentFeed(manager);
    const received: (readonly FeedFrame[])[] = [];
    feed.subscribe((frames) => received.push(frames));
    records.set('a', record('a', undefined, 'creating'));
    progress('a', 'pip', 'downloading', 10);
    progress('a', 'pip', 'downloading', 20);
    progress('a', 'conda', 'solving', 0);
    progress('a', 'pip', 'installing', 60);
    vi.advanceTimersByTime(250);

    expect(received).toHaveLength(1);
    const steps = parsed(received[0]!).filter((frame) => frame.event === 'progress');
    expect(steps.map((frame) => frame.data)).toEqual([
      expect.objectContaining({ plugin: 'conda', phase: 'solving', bytesDone: 0 }),
      expect.objectContaining({ plugin: 'pip', phase: 'installing', bytesDone: 60 }),
    ]);
    expect(received[0]!.map((frame) => frame.data).join('')).not.toContain('free text');
  });

  it('reads an environment that is only used at most once a second, and one that changed at the next tick', () => {
    const { manager, records, reads } = standInManager();
    records.set('a', record('a'));
    records.set('b', record('b'));
    const feed = new EnvironmentFeed(manager);
    const received: (readonly FeedFrame[])[] = [];
    feed.subscribe((frames) => received.push(frames));

    for (let hit = 0; hit < 50; hit += 1) feed.noteChange('a', 'used');
    records.set('a', record('a', '2026-01-01T00:00:01.000Z'));
    vi.advanceTimersByTime(750);
    expect(reads).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(reads).toEqual(['a']);
    expect(parsed(received.flat())).toEqual([
      { event: 'upsert', data: { rows: [expect.objectContaining({ id: 'a', lastUsedAt: '2026-01-01T00:00:01.000Z' })] } },
    ]);

    records.set('b', record('b', undefined, 'failed'));
    feed.noteChange('b');
    feed.noteChange('a', 'used');
    vi.advanceTimersByTime(250);
    // The change is read at once; the use waits for its second.
    expect(reads).toEqual(['a', 'b']);
    vi.advanceTimersByTime(750);
    expect(reads).toEqual(['a', 'b', 'a']);
    // Nothing new for `a` since: no frame for it.
    expect(parsed(received.flat()).map((frame) => (frame.data as { rows: { id: string }[] }).rows.map((row) => row.id))).toEqual([['a'], ['b']]);
  });

  it('sends the ids of environments that are gone', () => {
    const { manager, records } = standInManager();
    records.set('a', record('a'));
    const feed = new EnvironmentFeed(manager);
    const received: (readonly FeedFrame[])[] = [];
    expect(feed.subscribe((frames) => received.push(frames)).snapshot.map((row) => row.id)).toEqual(['a']);
    records.delete('a');
    feed.noteChange('a');
    vi.advanceTimersByTime(250);
    expect(parsed(received.flat())).toEqual([{ event: 'remove', data: { ids: ['a'] } }]);
  });
});
