// Benchmarks of the engine's cached path and memory, each against a baseline
// measured in the same run (the machine is shared and noisy: read the ratios).
// Run: pnpm --filter @runtime-env/core bench
// The latency runs use the TypeScript sources in this process; the memory runs use
// the build in fresh child processes (bench/memory-child.mjs), because a TypeScript
// loader in the measured process would add its own tens of MB to the baseline.
import { recordBenchFigures } from '@runtime-env/tooling/bench';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRuntimeEnvManager } from '../src/index.js';
import { countingPlugin } from '../test/fixtures/counting-plugin.js';
import { environmentVariablesPlugin } from '../test/fixtures/environment-variables-plugin.js';
import { percentile, printTable, type Row } from './report.js';

const CACHED_CALLS = 20_000;
const WARMUP_CALLS = 2_000;
const TRACKED_ENVIRONMENTS = 10_000;

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

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));

interface ChildMemory {
  emptyProcess: number;
  rightAfter: number;
  afterCollection: number;
  heapUsed: number;
  settled: number;
  settledAfterSeconds: number;
}

/** Runs bench/memory-child.mjs from the build in a fresh process and returns its figures. */
function measureInChild(mode: 'create' | 'reopen', dataDirectory: string): ChildMemory {
  const output = execFileSync(process.execPath, ['--expose-gc', 'bench/memory-child.mjs', mode, dataDirectory, String(TRACKED_ENVIRONMENTS)], {
    cwd: packageDirectory,
    encoding: 'utf8',
  });
  return JSON.parse(output) as ChildMemory;
}

/** RSS of a Node process that has loaded nothing: what the empty-process baseline itself is made of. */
function bareNodeRss(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.memoryUsage().rss))'], { encoding: 'utf8' }));
}

// The memory runs measure the build, so make it current (turbo skips it when unchanged).
execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter', '@runtime-env/core', '--output-logs=errors-only'], {
  cwd: packageDirectory,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});
const trackedDataDirectory = join(workDirectory, 'tracked');
const created = measureInChild('create', trackedDataDirectory);
const reopened = measureInChild('reopen', trackedDataDirectory);
const bareNode = bareNodeRss();
const baseline = measureBaseline();
const cached = await measureCachedGetOrCreate();
rmSync(workDirectory, { recursive: true, force: true });

const megabytes = (bytes: number): number => bytes / 1024 / 1024;
const rows: Row[] = [
  { metric: 'cached getOrCreate p50 (µs)', measured: cached.p50, baseline: baseline.p50, goal: '≤ 50' },
  { metric: 'cached getOrCreate p99 (µs)', measured: cached.p99, baseline: baseline.p99, goal: '≤ 500' },
];
printTable(rows);

const memoryRows: Row[] = [
  { metric: '(a) RSS right after creating them (MiB)', measured: megabytes(created.rightAfter), baseline: megabytes(created.emptyProcess), goal: '' },
  { metric: '(a) RSS after a full GC (MiB)', measured: megabytes(created.afterCollection), baseline: megabytes(created.emptyProcess), goal: '≤ 100 growth' },
  {
    metric: `(a) RSS after ${created.settledAfterSeconds} s idle (MiB)`,
    measured: megabytes(created.settled),
    baseline: megabytes(created.emptyProcess),
    goal: '≤ 100 growth',
  },
  { metric: '(b) RSS after reopening them (MiB)', measured: megabytes(reopened.rightAfter), baseline: megabytes(reopened.emptyProcess), goal: '' },
  { metric: '(b) RSS after a full GC (MiB)', measured: megabytes(reopened.afterCollection), baseline: megabytes(reopened.emptyProcess), goal: '≤ 100 growth' },
];
console.log(
  `\nmemory with ${TRACKED_ENVIRONMENTS} environments tracked, each case in a fresh node process running the build (dist), no tsx; baseline = that process's RSS with the core and zod loaded, before opening anything`,
);
printTable(memoryRows);
const growth = (bytes: number, empty: number): string => `${megabytes(bytes - empty).toFixed(1)} MiB`;
console.log(
  `\ngrowth over the empty process: (a) created in this process: ${growth(created.rightAfter, created.emptyProcess)} right after, ${growth(created.afterCollection, created.emptyProcess)} after GC, ${growth(created.settled, created.emptyProcess)} after ${created.settledAfterSeconds} s idle; live heap ${megabytes(created.heapUsed).toFixed(1)} MiB`,
);
console.log(
  `                               (b) reopened (a restarted agent): ${growth(reopened.rightAfter, reopened.emptyProcess)}, ${growth(reopened.afterCollection, reopened.emptyProcess)} after GC; live heap ${megabytes(reopened.heapUsed).toFixed(1)} MiB`,
);
console.log(
  `\nbaselines: Map.get + one SQLite upsert (WAL, synchronous=NORMAL) for latency; for memory, the child's RSS with the core and zod loaded (a bare node process: ${megabytes(bareNode).toFixed(1)} MiB).`,
);

const unitOf = (metric: string): string => /\((µs|MiB)\)$/.exec(metric)?.[1] ?? '';
// The idle-time metric names its seconds, which vary from run to run: recorded without them.
const stableName = (metric: string): string => metric.replace(/after \d+(\.\d+)? s idle/, 'after settling idle');
recordBenchFigures(
  'core',
  [...rows, ...memoryRows].flatMap((row) => [
    { name: `${stableName(row.metric)} / measured`, value: row.measured, unit: unitOf(row.metric) },
    { name: `${stableName(row.metric)} / baseline`, value: row.baseline, unit: unitOf(row.metric) },
    { name: `${stableName(row.metric)} / ratio`, value: row.measured / row.baseline, unit: 'x' },
  ]),
);
