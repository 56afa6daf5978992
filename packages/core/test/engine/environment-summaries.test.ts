import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager, type EnvironmentRecord, type EnvironmentSummary, type RuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { environmentVariablesPlugin } from '../fixtures/environment-variables-plugin.js';
import { failingPlugin } from '../fixtures/failing-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

/** What a summary must say of a full record: the record less its heavy parts. */
const summaryOfRecord = (record: EnvironmentRecord): EnvironmentSummary => ({
  id: record.id,
  fields: Object.keys(record.runtimeEnv),
  state: record.state,
  sizeBytes: record.sizeBytes,
  references: record.references.length,
  pinned: record.pinned,
  createdAt: record.createdAt,
  lastUsedAt: record.lastUsedAt,
  creationMs: record.creationMs,
});

describe('listEnvironmentSummaries', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager;
  const open = (dataDirectory = join(directory.path, 'data')): Promise<RuntimeEnvManager> =>
    openRuntimeEnvManager({
      dataDirectory,
      plugins: [
        countingPlugin('alpha', { countFile: join(directory.path, 'count.txt'), sizeBytes: 40 }),
        environmentVariablesPlugin(),
        failingPlugin({ attemptsFile: join(directory.path, 'attempts.txt') }),
      ],
      maxAttempts: 1,
    });

  beforeEach(() => {
    directory = temporaryDirectory();
  });

  afterEach(async () => {
    await manager.close();
    directory.remove();
  });

  it('gives the rows of listEnvironments, in its order and with its filters, without documents or env_vars values', async () => {
    manager = await open();
    const child = spawn('sleep', ['30']);
    const several = await manager.getOrCreate({ env_vars: { TOKEN: 'secret-value-1' }, alpha: ['a', 'b'] }, { owner: 'job-1' });
    await manager.getOrCreate({ env_vars: { TOKEN: 'secret-value-1' }, alpha: ['a', 'b'] }, { owner: 'leased', leaseSeconds: 0.01 });
    await manager.getOrCreate({ env_vars: { TOKEN: 'secret-value-1' }, alpha: ['a', 'b'] }, { owner: 'child', pid: child.pid! });
    const released = await manager.getOrCreate({ env_vars: { ONLY: 'secret-value-2' } }, { owner: 'job-2' });
    manager.release(released.id, 'job-2');
    manager.pin(released.id);
    const withDeadProcess = await manager.getOrCreate({ alpha: ['c'] }, { owner: 'gone', pid: child.pid! });
    await manager.getOrCreate({ failing: { mode: 'permanent' } }, { owner: 'job-3' }).catch(() => undefined);
    await manager.getOrCreate({}, { owner: 'job-4' });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the lease lapses

    const filters = [
      {},
      { state: 'ready' as const },
      { state: 'failed' as const },
      { plugin: 'env_vars' },
      { plugin: 'alpha' },
      { plugin: 'failing' },
      { plugin: 'nobody' },
    ];
    for (const filter of filters) {
      expect(manager.listEnvironmentSummaries(filter), JSON.stringify(filter)).toEqual(manager.listEnvironments(filter).map(summaryOfRecord));
    }
    const summaries = new Map(manager.listEnvironmentSummaries().map((summary) => [summary.id, summary]));
    expect(summaries.size).toBe(5);
    // The lapsed lease is not counted; the live process's reference is.
    expect(summaries.get(several.id)).toMatchObject({ fields: ['env_vars', 'alpha'], sizeBytes: 80, references: 2, state: 'ready' });
    expect(summaries.get(released.id)).toMatchObject({ fields: ['env_vars'], sizeBytes: 0, references: 0, pinned: true });
    expect(JSON.stringify([...summaries.values()])).not.toMatch(/secret-value/);

    // Once the process is gone, its references no longer count.
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
    const afterExit = new Map(manager.listEnvironmentSummaries().map((summary) => [summary.id, summary]));
    expect([afterExit.get(several.id)!.references, afterExit.get(withDeadProcess.id)!.references]).toEqual([1, 0]);
    expect([...afterExit.values()]).toEqual(manager.listEnvironments().map(summaryOfRecord));
  });

  it('lists the environments of a data directory made at schema version 7, whose rows had no field names', async () => {
    const dataDirectory = join(directory.path, 'old-data');
    mkdirSync(dataDirectory, { recursive: true });
    copyFileSync(fileURLToPath(new URL('../fixtures/schema-7-data-directory/state.sqlite', import.meta.url)), join(dataDirectory, 'state.sqlite'));
    // The fixture was made in /tmp/v7/data: point its paths here, and give its URI its
    // directory, so the engine serves it as it would have served it there.
    const fixture = new Database(join(dataDirectory, 'state.sqlite'));
    fixture.prepare("UPDATE uris SET path = replace(path, '/tmp/v7/data', ?)").run(dataDirectory);
    fixture.prepare("UPDATE environments SET setup_log_path = replace(setup_log_path, '/tmp/v7/data', ?)").run(dataDirectory);
    for (const { path } of fixture.prepare('SELECT path FROM uris').all() as { path: string }[]) mkdirSync(path, { recursive: true });
    fixture.close();
    manager = await open(dataDirectory);
    const summaries = manager.listEnvironmentSummaries();
    expect(summaries.map((summary) => [summary.id, summary.fields, summary.state, summary.sizeBytes, summary.references, summary.pinned])).toEqual([
      ['0249cb2789d5f33c347eade7a409d0a3', ['alpha', 'env_vars'], 'ready', 100, 1, false],
      ['2c2d7ca5a993bbb186883dc3dfa37e6c', ['env_vars'], 'ready', 0, 0, true],
    ]);
    expect(summaries).toEqual(manager.listEnvironments().map(summaryOfRecord));
    expect(manager.listEnvironmentSummaries({ plugin: 'alpha' }).map((summary) => summary.id)).toEqual(['0249cb2789d5f33c347eade7a409d0a3']);
    const database = new Database(join(dataDirectory, 'state.sqlite'), { readonly: true });
    const version = (database.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number }).version;
    database.close();
    expect(version).toBe(9);
    // A new environment in the migrated directory gets its field names too.
    const added = await manager.getOrCreate({ alpha: ['new'], env_vars: { B: '2' } }, { owner: 'job' });
    expect(manager.listEnvironmentSummaries().find((summary) => summary.id === added.id)?.fields).toEqual(['alpha', 'env_vars']);
  });
});
