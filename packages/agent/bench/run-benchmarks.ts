// `pnpm --filter @runtime-env/agent bench`: cached create-or-get over HTTP on
// loopback, against a bare Node server measured in the same run, plus the agent's
// memory with 10,000 environments tracked. Prints a table with ratios.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult } from './load-generator.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const SEQUENTIAL_REQUESTS = Number(process.env.BENCH_SEQUENTIAL ?? 3_000);
const CONCURRENT_REQUESTS = Number(process.env.BENCH_CONCURRENT ?? 40_000);
const TRACKED_ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 10_000);
const ray = { sequentialP50Ms: 0.3, sequentialRps: 3_100, concurrentRps: 9_800, concurrentP99Ms: 7.7, rssMiB: 81 };

function start(command: string[], cwd: string): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, command, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = new Promise<string>((resolve) => {
    let text = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
  });
  return { child, firstLine };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function measure(url: string, path: string, body: (index: number) => string): Promise<{ sequential: LoadResult; concurrent: LoadResult }> {
  await runLoad(url, path, body, 2_000, 32); // warm-up: JIT, connections
  const sequential = await runLoad(url, path, body, SEQUENTIAL_REQUESTS, 1);
  const concurrent = await runLoad(url, path, body, CONCURRENT_REQUESTS, 32);
  return { sequential, concurrent };
}

// The agent runs from its build, as on a node (a TypeScript loader would add its own memory and time).
const fromSources = process.env.BENCH_FROM_SOURCES === '1';
if (!fromSources) {
  const packages = ['core', 'client', 'plugin-env-vars', 'agent'].flatMap((name) => ['--filter', `@runtime-env/${name}`]);
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', ...packages, '--output-logs=errors-only'], { cwd: packageDirectory, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
}
const agentCommand = fromSources ? ['--conditions=source', '--import', 'tsx', 'src/bin/agent-main.ts'] : ['dist/agent-main.js'];

const workspace = await mkdtemp(path.join(tmpdir(), 'rtenv-agent-bench-'));
const configPath = path.join(workspace, 'rtenv.config.json');
await writeFile(configPath, JSON.stringify({ dataDir: path.join(workspace, 'data'), plugins: ['@runtime-env/plugin-env-vars'], agent: { logLevel: 'warn', gcIntervalSeconds: 0 } }));
const addressFile = path.join(workspace, 'agent.json');
const agentProcess = start([...agentCommand, '--config', configPath, '--address-file', addressFile], packageDirectory);
try {
  while (!existsSync(addressFile)) await new Promise((resolve) => setTimeout(resolve, 50));
  const agentUrl = (JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url;
  const cachedBody = JSON.stringify({ runtimeEnv: { env_vars: { A: '1' } }, owner: 'bench-client' });
  const sampleAnswer = await fetch(`${agentUrl}/v1/envs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: cachedBody }).then((response) => response.text());

  const bare = start(['--import', 'tsx', 'bench/bare-server.ts', sampleAnswer], packageDirectory);
  const bareUrl = await bare.firstLine;
  const floor = await measure(bareUrl, '/', () => cachedBody);
  bare.child.kill('SIGTERM');
  const agent = await measure(agentUrl, '/v1/envs', () => cachedBody);

  const rssBefore = rssMiB(agentProcess.child.pid!);
  const creation = await runLoad(agentUrl, '/v1/envs', (index) => JSON.stringify({ runtimeEnv: { env_vars: { INDEX: String(index) } }, owner: `owner-${index}` }), TRACKED_ENVIRONMENTS, 32, 300);
  const rssAfter = rssMiB(agentProcess.child.pid!);
  const afterMany = await runLoad(agentUrl, '/v1/envs', () => cachedBody, 10_000, 32);

  const row = (name: string, value: string, baseline: string, ratio: string, goal: string) => `| ${name} | ${value} | ${baseline} | ${ratio} | ${goal} |`;
  const lines = [
    `agent run from ${fromSources ? 'TypeScript sources (tsx)' : 'its build (dist/agent-main.js)'}; answer body: ${sampleAnswer.length} bytes; ${SEQUENTIAL_REQUESTS} sequential, ${CONCURRENT_REQUESTS} at 32 concurrent, keep-alive, loopback`,
    '',
    '| case | agent | bare Node server (same run) | agent / bare | goal (Ray 2.58 anchor) |',
    '|---|---|---|---|---|',
    row('sequential p50', `${agent.sequential.p50Ms.toFixed(3)} ms`, `${floor.sequential.p50Ms.toFixed(3)} ms`, (agent.sequential.p50Ms / floor.sequential.p50Ms).toFixed(2), `≤ 0.25 ms (Ray 0.30 ms)`),
    row('sequential p99', `${agent.sequential.p99Ms.toFixed(3)} ms`, `${floor.sequential.p99Ms.toFixed(3)} ms`, (agent.sequential.p99Ms / floor.sequential.p99Ms).toFixed(2), `(Ray 0.60 ms)`),
    row('sequential throughput', `${agent.sequential.requestsPerSecond.toFixed(0)} req/s`, `${floor.sequential.requestsPerSecond.toFixed(0)} req/s`, (agent.sequential.requestsPerSecond / floor.sequential.requestsPerSecond).toFixed(2), `(Ray ${ray.sequentialRps} req/s)`),
    row('32 concurrent throughput', `${agent.concurrent.requestsPerSecond.toFixed(0)} req/s`, `${floor.concurrent.requestsPerSecond.toFixed(0)} req/s`, (agent.concurrent.requestsPerSecond / floor.concurrent.requestsPerSecond).toFixed(2), `≥ 0.80 of bare and ≥ ${(ray.concurrentRps * 1.2).toFixed(0)} req/s (Ray ${ray.concurrentRps})`),
    row('32 concurrent p50', `${agent.concurrent.p50Ms.toFixed(2)} ms`, `${floor.concurrent.p50Ms.toFixed(2)} ms`, (agent.concurrent.p50Ms / floor.concurrent.p50Ms).toFixed(2), '(Ray 2.99 ms)'),
    row('32 concurrent p99', `${agent.concurrent.p99Ms.toFixed(2)} ms`, `${floor.concurrent.p99Ms.toFixed(2)} ms`, (agent.concurrent.p99Ms / floor.concurrent.p99Ms).toFixed(2), `≤ 5 ms (Ray ${ray.concurrentP99Ms} ms)`),
    row(`RSS with ${TRACKED_ENVIRONMENTS} environments`, `${rssAfter.toFixed(0)} MiB`, `${rssBefore.toFixed(0)} MiB before them`, (rssAfter / rssBefore).toFixed(2), `≤ 120 MB (Ray ~${ray.rssMiB} MiB)`),
    row(`32 concurrent with ${TRACKED_ENVIRONMENTS} tracked`, `${afterMany.requestsPerSecond.toFixed(0)} req/s, p99 ${afterMany.p99Ms.toFixed(2)} ms`, `${floor.concurrent.requestsPerSecond.toFixed(0)} req/s`, (afterMany.requestsPerSecond / floor.concurrent.requestsPerSecond).toFixed(2), ''),
    row(`creating ${TRACKED_ENVIRONMENTS} env_vars environments`, `${creation.requestsPerSecond.toFixed(0)} req/s`, '', '', ''),
    '',
    `errors: agent ${agent.sequential.errors + agent.concurrent.errors + creation.errors + afterMany.errors}, bare ${floor.sequential.errors + floor.concurrent.errors}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  agentProcess.child.kill('SIGTERM');
  await new Promise((resolve) => agentProcess.child.on('exit', resolve));
  await rm(workspace, { recursive: true, force: true });
}
