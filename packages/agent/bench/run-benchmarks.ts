// `pnpm --filter @runtime-env/agent bench`: cached create-or-get over HTTP on
// loopback, against a bare Node server measured in the same run, plus the agent's
// memory with 10,000 environments tracked. Prints a table with ratios.
import { recordBenchFigures } from '@runtime-env/tooling/bench';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pool, runLoad, type LoadResult } from './load-generator.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const SEQUENTIAL_REQUESTS = Number(process.env.BENCH_SEQUENTIAL ?? 3_000);
const CONCURRENT_REQUESTS = Number(process.env.BENCH_CONCURRENT ?? 40_000);
const TRACKED_ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
/** Agent starts with every plugin whose median is the start-up figure: one start alone moved by 30% between runs. */
const START_SAMPLES = Number(process.env.BENCH_START_SAMPLES ?? 7);
/** The agent's `heap` setting (README "Settings"): `compact` is the default, `node-default` for comparison. */
const HEAP_MODE = process.env.BENCH_AGENT_HEAP ?? 'compact';
const FIRST_PARTY_PLUGINS = [
  '@runtime-env/plugin-env-vars',
  '@runtime-env/plugin-pip',
  '@runtime-env/plugin-working-dir',
  '@runtime-env/plugin-container',
  '@runtime-env/plugin-conda',
];
const ray = { sequentialP50Ms: 0.3, sequentialRps: 3_100, concurrentRps: 9_800, concurrentP99Ms: 7.7, rssMiB: 81 };

function start(command: string[], cwd: string, env: Record<string, string> = {}): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, command, { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const firstLine = new Promise<string>((resolve) => {
    let text = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
  });
  return { child, firstLine };
}

/** The CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

type Measured = { sequential: LoadResult; concurrent: LoadResult };

interface Target {
  url: string;
  path: string;
}

/**
 * The same load against each target in alternating rounds, so a busy moment of
 * the shared machine falls on every target alike; rounds are pooled per target.
 */
async function measureInterleaved(
  targets: readonly Target[],
  body: (index: number, client: number) => string,
  total: number,
  concurrency: number,
): Promise<LoadResult[]> {
  const rounds: LoadResult[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, target] of targets.entries()) rounds[index]!.push(await runLoad(target.url, target.path, body, Math.ceil(total / ROUNDS), concurrency));
  }
  return rounds.map(pool);
}

async function measure(
  targets: readonly Target[],
  body: (index: number, client: number) => string,
): Promise<{ sequential: LoadResult; concurrent: LoadResult }[]> {
  for (const target of targets) await runLoad(target.url, target.path, body, 2_000, 32); // warm-up: JIT, connections
  const sequential = await measureInterleaved(targets, body, SEQUENTIAL_REQUESTS, 1);
  const concurrent = await measureInterleaved(targets, body, CONCURRENT_REQUESTS, 32);
  return targets.map((_, index) => ({ sequential: sequential[index]!, concurrent: concurrent[index]! }));
}

// The agent runs from its build, as on a node (a TypeScript loader would add its own memory and time).
const fromSources = process.env.BENCH_FROM_SOURCES === '1';
if (!fromSources) {
  const packages = ['core', 'client', ...FIRST_PARTY_PLUGINS.map((name) => name.slice('@runtime-env/'.length)), 'agent'].flatMap((name) => [
    '--filter',
    `@runtime-env/${name}`,
  ]);
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', ...packages, '--output-logs=errors-only'], {
    cwd: packageDirectory,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
}
const agentCommand = fromSources ? ['--conditions=source', '--import', 'tsx', 'src/bin/agent-main.ts'] : ['dist/agent-main.js'];

const workspace = await mkdtemp(path.join(tmpdir(), 'rtenv-agent-bench-'));
const heapFile = path.join(workspace, 'heap.jsonl');

/** Starts the agent with `plugins` on its own data directory and waits until it listens. */
async function startAgent(
  name: string,
  plugins: readonly string[],
  nodeFlags: readonly string[] = [],
): Promise<{ child: ChildProcess; url: string; startMs: number }> {
  const configPath = path.join(workspace, `${name}.config.json`);
  await writeFile(
    configPath,
    JSON.stringify({ dataDir: path.join(workspace, `${name}-data`), plugins, agent: { logLevel: 'warn', gcIntervalSeconds: 0, heap: HEAP_MODE } }),
  );
  const addressFile = path.join(workspace, `${name}-address.json`);
  const startedAt = performance.now();
  const { child } = start([...nodeFlags, ...agentCommand, '--config', configPath, '--address-file', addressFile], packageDirectory, {
    RTENV_BENCH_HEAP_FILE: heapFile,
  });
  while (!existsSync(addressFile)) await new Promise((resolve) => setTimeout(resolve, 2));
  const startMs = performance.now() - startedAt;
  return { child, url: (JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url, startMs };
}

/** The agent's live JS heap after a full collection, in MiB (through the preloaded bench/report-heap-on-signal.cjs). */
async function liveHeapMiB(child: ChildProcess): Promise<number> {
  const linesBefore = existsSync(heapFile) ? readFileSync(heapFile, 'utf8').split('\n').filter(Boolean).length : 0;
  child.kill('SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 20) {
    const lines = existsSync(heapFile) ? readFileSync(heapFile, 'utf8').split('\n').filter(Boolean) : [];
    if (lines.length > linesBefore) return (JSON.parse(lines.at(-1)!) as { heapUsed: number }).heapUsed / 1024 / 1024;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the agent did not report its heap within 10 s');
}

async function stopAgent(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

// What a node running every first-party plugin holds before serving anything, and how
// long it takes to listen: the median of several starts, each on a fresh data directory.
const everyPluginStarts: { rss: number; startMs: number }[] = [];
for (let sample = 0; sample < START_SAMPLES; sample += 1) {
  const everyPluginAgent = await startAgent(`every-plugin-${sample}`, FIRST_PARTY_PLUGINS);
  everyPluginStarts.push({ rss: rssMiB(everyPluginAgent.child.pid!), startMs: everyPluginAgent.startMs });
  await stopAgent(everyPluginAgent.child);
}
const everyPluginIdle = {
  rss: median(everyPluginStarts.map((start) => start.rss)),
  startMs: median(everyPluginStarts.map((start) => start.startMs)),
};

// Bench-only flags: a full GC on demand to read the live heap; the agent's code is the same.
const agentProcess = await startAgent('env-vars', ['@runtime-env/plugin-env-vars'], ['--expose-gc', '-r', './bench/report-heap-on-signal.cjs']);
try {
  const agentUrl = agentProcess.url;
  const rssAtStart = rssMiB(agentProcess.child.pid!);
  const heapAtStart = await liveHeapMiB(agentProcess.child);
  // Like real callers: each client (a raylet's worker pool slot) is its own owner and asks again and again.
  const cachedBody = (_index: number, client: number): string => JSON.stringify({ runtimeEnv: { env_vars: { A: '1' } }, owner: `worker-${client}` });
  const sampleAnswer = await fetch(`${agentUrl}/v1/envs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: cachedBody(0, 0) }).then(
    (response) => response.text(),
  );

  const bare = start(['--import', 'tsx', 'bench/bare-server.ts', sampleAnswer], packageDirectory);
  const bareUrl = await bare.firstLine;
  const [agent, floor] = (await measure(
    [
      { url: agentUrl, path: '/v1/envs' },
      { url: bareUrl, path: '/' },
    ],
    cachedBody,
  )) as [Measured, Measured];
  bare.child.kill('SIGTERM');

  const rssBefore = rssMiB(agentProcess.child.pid!);
  const cpuBeforeCreation = cpuMs(agentProcess.child.pid!);
  const creation = await runLoad(
    agentUrl,
    '/v1/envs',
    (index) => JSON.stringify({ runtimeEnv: { env_vars: { INDEX: String(index) } }, owner: `owner-${index}` }),
    TRACKED_ENVIRONMENTS,
    32,
    300,
  );
  // The agent's own CPU per creation moves far less with the machine's load than the rate does.
  const creationCpuPerThousand = ((cpuMs(agentProcess.child.pid!) - cpuBeforeCreation) / TRACKED_ENVIRONMENTS) * 1000;
  const rssAfter = rssMiB(agentProcess.child.pid!);
  const heapWithEnvironments = await liveHeapMiB(agentProcess.child);
  const afterMany = await runLoad(agentUrl, '/v1/envs', cachedBody, 10_000, 32);
  // The worst case for the core's cached path: no owner asks twice, so every call writes its reference.
  const newOwners = await runLoad(
    agentUrl,
    '/v1/envs',
    (index) => JSON.stringify({ runtimeEnv: { env_vars: { A: '1' } }, owner: `one-time-${index}` }),
    10_000,
    32,
  );

  const row = (name: string, value: string, baseline: string, ratio: string, goal: string) => `| ${name} | ${value} | ${baseline} | ${ratio} | ${goal} |`;
  const lines = [
    `agent run from ${fromSources ? 'TypeScript sources (tsx)' : 'its build (dist/agent-main.js)'}, heap setting "${HEAP_MODE}"; answer body: ${sampleAnswer.length} bytes; ${SEQUENTIAL_REQUESTS} sequential, ${CONCURRENT_REQUESTS} at 32 concurrent, keep-alive, loopback`,
    'owners: each of the 32 clients is its own owner (worker-0..worker-31) and repeats the same cached create-or-get; the sequential client is worker-0',
    '',
    '| case | agent | bare Node server (same run) | agent / bare | goal (Ray 2.58 anchor) |',
    '|---|---|---|---|---|',
    row(
      'sequential p50',
      `${agent.sequential.p50Ms.toFixed(3)} ms`,
      `${floor.sequential.p50Ms.toFixed(3)} ms`,
      (agent.sequential.p50Ms / floor.sequential.p50Ms).toFixed(2),
      `≤ 0.25 ms (Ray 0.30 ms)`,
    ),
    row(
      'sequential p99',
      `${agent.sequential.p99Ms.toFixed(3)} ms`,
      `${floor.sequential.p99Ms.toFixed(3)} ms`,
      (agent.sequential.p99Ms / floor.sequential.p99Ms).toFixed(2),
      `(Ray 0.60 ms)`,
    ),
    row(
      'sequential throughput',
      `${agent.sequential.requestsPerSecond.toFixed(0)} req/s`,
      `${floor.sequential.requestsPerSecond.toFixed(0)} req/s`,
      (agent.sequential.requestsPerSecond / floor.sequential.requestsPerSecond).toFixed(2),
      `(Ray ${ray.sequentialRps} req/s)`,
    ),
    row(
      '32 concurrent throughput',
      `${agent.concurrent.requestsPerSecond.toFixed(0)} req/s`,
      `${floor.concurrent.requestsPerSecond.toFixed(0)} req/s`,
      (agent.concurrent.requestsPerSecond / floor.concurrent.requestsPerSecond).toFixed(2),
      `≥ 0.80 of bare and ≥ ${(ray.concurrentRps * 1.2).toFixed(0)} req/s (Ray ${ray.concurrentRps})`,
    ),
    row(
      '32 concurrent p50',
      `${agent.concurrent.p50Ms.toFixed(2)} ms`,
      `${floor.concurrent.p50Ms.toFixed(2)} ms`,
      (agent.concurrent.p50Ms / floor.concurrent.p50Ms).toFixed(2),
      '(Ray 2.99 ms)',
    ),
    row(
      '32 concurrent p99',
      `${agent.concurrent.p99Ms.toFixed(2)} ms`,
      `${floor.concurrent.p99Ms.toFixed(2)} ms`,
      (agent.concurrent.p99Ms / floor.concurrent.p99Ms).toFixed(2),
      `≤ 5 ms (Ray ${ray.concurrentP99Ms} ms)`,
    ),
    row('RSS idle, right after start (env_vars plugin only)', `${rssAtStart.toFixed(0)} MiB`, '', '', ''),
    row(
      'RSS idle, right after start (all 5 first-party plugins)',
      `${everyPluginIdle.rss.toFixed(0)} MiB`,
      `${rssAtStart.toFixed(0)} MiB with env_vars only`,
      (everyPluginIdle.rss / rssAtStart).toFixed(2),
      '',
    ),
    row(
      'start to listening (all 5 / env_vars only)',
      `${everyPluginIdle.startMs.toFixed(0)} ms`,
      `${agentProcess.startMs.toFixed(0)} ms`,
      (everyPluginIdle.startMs / agentProcess.startMs).toFixed(2),
      '',
    ),
    row(
      `RSS with ${TRACKED_ENVIRONMENTS} environments, right after creating them`,
      `${rssAfter.toFixed(0)} MiB`,
      `${rssBefore.toFixed(0)} MiB before them (after the load)`,
      (rssAfter / rssBefore).toFixed(2),
      `≤ 120 MB (Ray ~${ray.rssMiB} MiB)`,
    ),
    row(
      `live JS heap with ${TRACKED_ENVIRONMENTS} environments (after a full GC)`,
      `${heapWithEnvironments.toFixed(1)} MiB`,
      `${heapAtStart.toFixed(1)} MiB at start`,
      `+${(((heapWithEnvironments - heapAtStart) * 1024 * 1024) / TRACKED_ENVIRONMENTS / 1024).toFixed(2)} KiB per environment`,
      '',
    ),
    row(
      `32 concurrent with ${TRACKED_ENVIRONMENTS} tracked`,
      `${afterMany.requestsPerSecond.toFixed(0)} req/s, p99 ${afterMany.p99Ms.toFixed(2)} ms`,
      `${floor.concurrent.requestsPerSecond.toFixed(0)} req/s`,
      (afterMany.requestsPerSecond / floor.concurrent.requestsPerSecond).toFixed(2),
      '',
    ),
    row(
      '32 concurrent, a new owner every request',
      `${newOwners.requestsPerSecond.toFixed(0)} req/s, p99 ${newOwners.p99Ms.toFixed(2)} ms`,
      `${floor.concurrent.requestsPerSecond.toFixed(0)} req/s`,
      (newOwners.requestsPerSecond / floor.concurrent.requestsPerSecond).toFixed(2),
      '',
    ),
    row(
      `creating ${TRACKED_ENVIRONMENTS} env_vars environments`,
      `${creation.requestsPerSecond.toFixed(0)} req/s, agent CPU ${creationCpuPerThousand.toFixed(0)} ms per 1000`,
      '',
      '',
      '',
    ),
    '',
    `errors: agent ${agent.sequential.errors + agent.concurrent.errors + creation.errors + afterMany.errors + newOwners.errors}, bare ${floor.sequential.errors + floor.concurrent.errors}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  recordBenchFigures('agent', [
    { name: 'sequential p50 / agent', value: agent.sequential.p50Ms, unit: 'ms' },
    { name: 'sequential p50 / bare', value: floor.sequential.p50Ms, unit: 'ms' },
    { name: 'sequential p99 / agent', value: agent.sequential.p99Ms, unit: 'ms' },
    { name: 'sequential throughput / agent', value: agent.sequential.requestsPerSecond, unit: 'req/s' },
    { name: 'sequential throughput / bare', value: floor.sequential.requestsPerSecond, unit: 'req/s' },
    { name: '32 concurrent throughput / agent', value: agent.concurrent.requestsPerSecond, unit: 'req/s' },
    { name: '32 concurrent throughput / bare', value: floor.concurrent.requestsPerSecond, unit: 'req/s' },
    { name: '32 concurrent p50 / agent', value: agent.concurrent.p50Ms, unit: 'ms' },
    { name: '32 concurrent p99 / agent', value: agent.concurrent.p99Ms, unit: 'ms' },
    { name: 'RSS idle after start, env_vars plugin only', value: rssAtStart, unit: 'MiB' },
    { name: 'RSS idle after start, all 5 first-party plugins', value: everyPluginIdle.rss, unit: 'MiB' },
    { name: 'start to listening, all 5 plugins', value: everyPluginIdle.startMs, unit: 'ms' },
    { name: 'start to listening, env_vars only', value: agentProcess.startMs, unit: 'ms' },
    { name: `RSS with ${TRACKED_ENVIRONMENTS} environments`, value: rssAfter, unit: 'MiB' },
    { name: `live JS heap with ${TRACKED_ENVIRONMENTS} environments`, value: heapWithEnvironments, unit: 'MiB' },
    { name: `32 concurrent with ${TRACKED_ENVIRONMENTS} tracked / agent`, value: afterMany.requestsPerSecond, unit: 'req/s' },
    { name: '32 concurrent, a new owner every request / agent', value: newOwners.requestsPerSecond, unit: 'req/s' },
    { name: `creating ${TRACKED_ENVIRONMENTS} env_vars environments`, value: creation.requestsPerSecond, unit: 'req/s' },
    { name: `creating ${TRACKED_ENVIRONMENTS} env_vars environments / agent CPU per 1000`, value: creationCpuPerThousand, unit: 'ms' },
    // The ratios to the bare server of the same run: what compares across runs on a shared machine.
    {
      name: 'sequential throughput / agent / bare',
      value: agent.sequential.requestsPerSecond / floor.sequential.requestsPerSecond,
      unit: 'x',
      better: 'higher',
    },
    {
      name: '32 concurrent throughput / agent / bare',
      value: agent.concurrent.requestsPerSecond / floor.concurrent.requestsPerSecond,
      unit: 'x',
      better: 'higher',
    },
    {
      name: `32 concurrent with ${TRACKED_ENVIRONMENTS} tracked / agent / bare`,
      value: afterMany.requestsPerSecond / floor.concurrent.requestsPerSecond,
      unit: 'x',
      better: 'higher',
    },
    { name: 'sequential p50 / agent / bare', value: agent.sequential.p50Ms / floor.sequential.p50Ms, unit: 'x', better: 'lower' },
  ]);
} finally {
  await stopAgent(agentProcess.child);
  await rm(workspace, { recursive: true, force: true });
}
