import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, type RuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { linesOf, temporaryDirectory } from '../fixtures/temporary-directory.js';

describe('concurrent getOrCreate', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager;
  let countFile: string;

  beforeEach(async () => {
    directory = temporaryDirectory();
    countFile = join(directory.path, 'creates.txt');
    manager = await openRuntimeEnvManager({
      dataDirectory: join(directory.path, 'data'),
      plugins: [countingPlugin('alpha', { countFile, delayMs: 20 }), countingPlugin('beta', { countFile, delayMs: 5 }, 20)],
      maxConcurrentCreations: 3,
    });
  });

  afterEach(async () => {
    await manager.close();
    directory.remove();
  });

  it('creates each URI exactly once for 200 callers over 10 environments', async () => {
    // Environments share URIs: every one needs alpha "common" and one of five beta names.
    const documents = Array.from({ length: 10 }, (_, index) => ({ alpha: ['common', `a${index}`], beta: [`b${index % 5}`] }));
    const handles = await Promise.all(Array.from({ length: 200 }, (_, call) => manager.getOrCreate(documents[call % 10], { owner: `caller-${call}` })));

    const creates = linesOf(readFileSync(countFile, 'utf8'));
    const expectedUris = new Set(manager.listUris().map((record) => record.uri));
    expect(expectedUris.size).toBe(1 + 10 + 5);
    expect(creates).toHaveLength(16);
    expect(new Set(creates)).toEqual(expectedUris);

    expect(new Set(handles.map((handle) => handle.id)).size).toBe(10);
    // One call per environment created it; every other one joined that creation or found it ready.
    expect(handles.filter((handle) => !handle.cached && !handle.joined)).toHaveLength(10);
    expect(handles.filter((handle) => handle.joined && handle.cached)).toHaveLength(0);
    for (const record of manager.listUris()) {
      expect(record.state).toBe('ready');
      expect(existsSync(join(record.path, 'content.txt'))).toBe(true);
    }
    for (const environment of manager.listEnvironments()) {
      expect(environment.state).toBe('ready');
      expect(environment.references).toHaveLength(20);
      expect(environment.context?.envVars.ALPHA_COUNT).toBe('2');
    }
    // beta (priority 20) ran after alpha (10), so its directory went in front of PATH.
    const firstPath = handles[0]!.context.pathPrepends.PATH!;
    expect(firstPath[0]).toContain(join('plugins', 'beta', 'uris'));
    expect(firstPath.slice(1).every((entry) => entry.includes(join('plugins', 'alpha', 'uris')))).toBe(true);
  });

  it('serves later calls from the cache without creating again, and says so', async () => {
    const first = await manager.getOrCreate({ alpha: ['x'] }, { owner: 'one' });
    const second = await manager.getOrCreate({ alpha: ['x'] }, { owner: 'two' });
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.id).toBe(first.id);
    expect(linesOf(readFileSync(countFile, 'utf8'))).toHaveLength(1);
    second.context.envVars.CHANGED = 'by caller';
    const third = await manager.getOrCreate({ alpha: ['x'] }, { owner: 'three' });
    expect(third.context.envVars.CHANGED).toBeUndefined();
    expect(third.record.references.map((reference) => reference.owner).sort()).toEqual(['one', 'three', 'two']);
  });

  it('shares an environment recorded by another manager on the same data directory', async () => {
    const first = await manager.getOrCreate({ alpha: ['shared'] }, { owner: 'first-process' });
    const other = await openRuntimeEnvManager({
      dataDirectory: join(directory.path, 'data'),
      plugins: [countingPlugin('alpha', { countFile }), countingPlugin('beta', { countFile }, 20)],
    });
    try {
      const second = await other.getOrCreate({ alpha: ['shared'] }, { owner: 'second-process' });
      expect(second.id).toBe(first.id);
      expect(second.cached).toBe(true);
      expect(second.context).toEqual(first.context);
      expect(linesOf(readFileSync(countFile, 'utf8'))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('tells the creation time on the handle when this process created the environment, and null when another did', async () => {
    const [created, joined] = await Promise.all([
      manager.getOrCreate({ alpha: ['timed'] }, { owner: 'creator' }),
      manager.getOrCreate({ alpha: ['timed'] }, { owner: 'joiner' }),
    ]);
    expect(joined.joined).toBe(true);
    const recorded = created.record.creationMs;
    expect(recorded).toEqual(expect.any(Number));
    expect(created.creationMs).toBe(recorded);
    expect(joined.creationMs).toBe(recorded);
    expect((await manager.getOrCreate({ alpha: ['timed'] }, { owner: 'later' })).creationMs).toBe(recorded);

    const other = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [countingPlugin('alpha', { countFile })] });
    try {
      const elsewhere = await other.getOrCreate({ alpha: ['timed'] }, { owner: 'second-process' });
      expect(elsewhere.cached).toBe(true);
      expect(elsewhere.creationMs).toBeNull();
      expect(elsewhere.record.creationMs).toBe(recorded);
    } finally {
      await other.close();
    }
  });
});
