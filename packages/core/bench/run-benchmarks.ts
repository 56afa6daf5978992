// Benchmarks of the engine's cached path and memory, each against a baseline
// measured in the same run (the machine is shared and noisy: read the ratios).
// Run: pnpm --filter @runtime-env/core bench
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntimeEnvManager } from '../src/index.js';
import { countingPlugin } from '../test/fixtures/counting-plugin.js';
import { environmentVariablesPlugin } from '../test/fixtures/environment-variables-plugin.js';
import { percentile, printTable, type Row } from './report.js';

const CACHED_CALLS = 20_000;
const WARMUP_CALLS = 2_000;
const TRACKED_ENVIRONMENTS = 10_000;

/** After a full collection when the script runs with --expose-gc (as `pnpm bench` does): memory kept, not garbage not yet collected. */
function retainedRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

const emptyProcessRss = retainedRss();
const workDirectory = mkdtempSync(join(tmpdir(), 'runtime-env-bench-'));

async function measureCachedGetOrCreate(): Promise<{ p50: number; p99: number }> {
  const countFile = join(workDirectory, 'creates.txt');
  const manager = await openRuntimeEnvManager({
    dataDirectory: join(workDirectory, 'cached'),
    plugins: [countingPlugin('alpha', { countFile }), countingPlugin('beta', { countFile }, 20), environmentVariablesPlugin()],
  });
  // Equal documents with distinct identities, as a server parsing each request would have.
  const documents = Array.from({ length: 100 }, () => JSON.parse('{"alpha":["numpy"],"beta":["src"],"env_vars":{"MODE":"bench"}}') as unknown);
  await manager.getOrCreate(documents[0], { owner: 'warm' });
  const samples = new Float64Array(CACHED_CALLS);
  for (let call = 0; call < WARMUP_CALLS + CACHED_CALLS; call += 1) {
    const startedAt = performance.now();
    const handle = await manager.getOrCreate(documents[call % 100], { owner: `owner-${call % 1000}` });
    const elapsed = performance.now() - startedAt;
    if (!handle.cached) throw new Error('the benchmark environment was not served from the cache');
    if (call >= WARMUP_CALLS) samples[call - WARMUP_CALLS] = elapsed * 1000;
  }
  await manager.close();
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** The floor: a map lookup plus one SQLite insert-or-update in a WAL database like the engine's. */
function measureBaseline(): { p50: number; p99: number } {
  const database = new Database(join(workDirectory, 'baseline.sqlite'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.exec('CREATE TABLE holders (environment TEXT NOT NULL, owner TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (environment, owner))');
  const insert = database.prepare('INSERT INTO holders (environment, owner, at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET at = excluded.at');
  const ready = new Map([['{"alpha":["numpy"],"beta":["src"],"env_vars":{"MODE":"bench"}}', { id: 'environment' }]]);
  const samples = new Float64Array(CACHED_CALLS);
  for (let call = 0; call < WARMUP_CALLS + CACHED_CALLS; call += 1) {
    const startedAt = performance.now();
    const entry = ready.get('{"alpha":["numpy"],"beta":["src"],"env_vars":{"MODE":"bench"}}')!;
    insert.run(entry.id, `owner-${call % 1000}`, Date.now());
    const elapsed = performance.now() - startedAt;
    if (call >= WARMUP_CALLS) samples[call - WARMUP_CALLS] = elapsed * 1000;
  }
  database.close();
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function measureTrackedRss(): Promise<{ beforeCollection: number; retained: number }> {
  const manager = await openRuntimeEnvManager({
    dataDirectory: join(workDirectory, 'tracked'),
    plugins: [countingPlugin('alpha', { countFile: join(workDirectory, 'tracked-creates.txt') }), environmentVariablesPlugin()],
  });
  for (let index = 0; index < TRACKED_ENVIRONMENTS; index += 1) {
    await manager.getOrCreate({ alpha: ['shared'], env_vars: { INDEX: String(index) } }, { owner: `job-${index}` });
  }
  const tracked = manager.listEnvironments().length;
  if (tracked !== TRACKED_ENVIRONMENTS) throw new Error(`expected ${TRACKED_ENVIRONMENTS} environments, found ${tracked}`);
  const beforeCollection = process.memoryUsage().rss;
  const retained = retainedRss();
  await manager.close();
  return { beforeCollection, retained };
}

// Memory first, so the latency runs' heap growth is not counted against it.
const trackedRss = await measureTrackedRss();
const baseline = measureBaseline();
const cached = await measureCachedGetOrCreate();
rmSync(workDirectory, { recursive: true, force: true });

const megabytes = (bytes: number): number => bytes / 1024 / 1024;
const rows: Row[] = [
  { metric: 'cached getOrCreate p50 (µs)', measured: cached.p50, baseline: baseline.p50, goal: '≤ 50' },
  { metric: 'cached getOrCreate p99 (µs)', measured: cached.p99, baseline: baseline.p99, goal: '≤ 500' },
  { metric: `RSS, ${TRACKED_ENVIRONMENTS} environments, after GC (MB)`, measured: megabytes(trackedRss.retained), baseline: megabytes(emptyProcessRss), goal: '≤ 100 growth' },
  { metric: `RSS, ${TRACKED_ENVIRONMENTS} environments, before GC (MB)`, measured: megabytes(trackedRss.beforeCollection), baseline: megabytes(emptyProcessRss), goal: '' },
];
printTable(rows);
console.log(`\ngrowth over the empty process with ${TRACKED_ENVIRONMENTS} environments tracked: ${megabytes(trackedRss.retained - emptyProcessRss).toFixed(1)} MB after GC`);
console.log(`\nbaselines: Map.get + one SQLite upsert (WAL, synchronous=NORMAL); RSS of this process (tsx, zod and the core loaded) before opening anything.`);
