// `pnpm --filter @runtime-env/agent bench:follow`: what a dashboard that is open and
// following costs the agent. One run, 10,000 environments, cached create-or-get from
// 32 clients in interleaved rounds of three arms whose order turns each round: nobody
// following; the streams the dashboard's table opens (`/v1/events`, read in this
// process); the dashboard itself open in Debian's Chromium. Per round it reads
// requests/s and the agent's CPU time per 1000 requests; the report gives medians
// over the rounds and the median of each round's paired ratio (arm / nobody).
//
// BENCH_BEFORE_AGENT=DIR adds a second agent, another build of this package (DIR
// holds its package.json and dist/, e.g. a copy of main's packages with their
// node_modules), measured in the same rounds, in alternating order: before and
// after figures from one run on one machine state.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { EventStreamReader } from '../test/support/event-stream-reader.js';
import { measureFeedTick, type FeedTickCost } from './feed-tick-cost.js';
import { runLoad } from './load-generator.js';
import { loadNow, processCpuMs, untilIdle } from './process-cpu.js';
import { seedEnvironments } from './seed-environments.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const REQUESTS_PER_ARM = Number(process.env.BENCH_REQUESTS ?? 6_000);
const CONCURRENCY = 32;
const ARMS = (process.env.BENCH_ARMS ?? 'nobody,streams,chromium').split(',') as Arm[];
const BEFORE_AGENT = process.env.BENCH_BEFORE_AGENT;
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Arm = 'nobody' | 'streams' | 'chromium';
interface AgentUnderTest {
  label: string;
  url: string;
  process: ChildProcess;
  page?: Page;
  /** Per arm, one entry per round. */
  requestsPerSecond: Record<Arm, number[]>;
  cpuMsPer1000: Record<Arm, number[]>;
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const quantile = (values: readonly number[], fraction: number): number => {
  const ordered = sorted(values);
  const position = (ordered.length - 1) * fraction;
  const low = Math.floor(position);
  return ordered[low]! + (ordered[Math.min(low + 1, ordered.length - 1)]! - ordered[low]!) * (position - low);
};
const median = (values: readonly number[]): number => quantile(values, 0.5);
const spread = (values: readonly number[], digits = 3): string =>
  `${median(values).toFixed(digits)} (quartiles ${quantile(values, 0.25).toFixed(digits)}-${quantile(values, 0.75).toFixed(digits)}, range ${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})`;

if (process.env.BENCH_SKIP_BUILD !== '1') {
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter', '@runtime-env/agent...', '--output-logs=errors-only'], {
    cwd: packageDirectory,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
}

const workspace = await mkdtemp(path.join(tmpdir(), 'rtenv-follow-bench-'));
const startedAt = new Date();
const loadAtStart = loadNow();

let feedCost: FeedTickCost | undefined;

/** Seeds its own data directory and starts the agent built in `agentPackage`. */
async function startAgent(label: string, agentPackage: string): Promise<AgentUnderTest> {
  const directory = path.join(workspace, label.replace(/\W+/g, '-'));
  const dataDirectory = path.join(directory, 'data');
  const seedSeconds = await seedEnvironments(dataDirectory, ENVIRONMENTS);
  // The feed's own work, timed in this process on this build's data directory, before its agent starts.
  if (agentPackage === packageDirectory) feedCost = await measureFeedTick(dataDirectory);
  const configPath = path.join(directory, 'rtenv.config.json');
  await writeFile(
    configPath,
    JSON.stringify({ dataDir: dataDirectory, plugins: ['@runtime-env/plugin-env-vars'], agent: { logLevel: 'warn', gcIntervalSeconds: 0 } }),
  );
  const addressFile = path.join(directory, 'address.json');
  const child = spawn(process.execPath, [path.join(agentPackage, 'dist/agent-main.js'), '--config', configPath, '--address-file', addressFile], {
    cwd: agentPackage,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGKILL'));
  while (!existsSync(addressFile)) await new Promise((resolve) => setTimeout(resolve, 50));
  const { url } = JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string };
  console.error(`${label}: ${ENVIRONMENTS} environments seeded in ${seedSeconds.toFixed(1)} s, agent at ${url} (${agentPackage})`);
  const perArm = (): Record<Arm, number[]> => ({ nobody: [], streams: [], chromium: [] });
  return { label, url, process: child, requestsPerSecond: perArm(), cpuMsPer1000: perArm() };
}

const agents = [await startAgent('this build', packageDirectory)];
if (BEFORE_AGENT !== undefined) agents.push(await startAgent('before', path.resolve(BEFORE_AGENT)));

let browser: Browser | undefined;
if (ARMS.includes('chromium')) {
  browser = await chromium.launch({ executablePath: process.env.RTENV_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  for (const agent of agents) agent.page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}

// Every client asks for the same cached environment under its own owner, as a raylet's workers would.
const cachedBody = (_index: number, client: number): string =>
  JSON.stringify({ runtimeEnv: { env_vars: { INDEX: '1', GROUP: 'g1' } }, owner: `worker-${client}` });
const followers = async (agent: AgentUnderTest): Promise<number> => ((await (await fetch(`${agent.url}/v1/agent`)).json()) as { followers: number }).followers;
const untilFollowers = async (agent: AgentUnderTest, expected: number): Promise<void> => {
  while ((await followers(agent)) !== expected) await new Promise((resolve) => setTimeout(resolve, 20));
};

async function measure(agent: AgentUnderTest, arm: Arm): Promise<void> {
  await untilIdle(agent.process.pid!);
  const cpuBefore = processCpuMs(agent.process.pid!);
  const result = await runLoad(agent.url, '/v1/envs', cachedBody, REQUESTS_PER_ARM, CONCURRENCY);
  if (result.errors > 0) throw new Error(`${agent.label}, ${arm}: ${result.errors} requests failed`);
  agent.cpuMsPer1000[arm].push(((processCpuMs(agent.process.pid!) - cpuBefore) / result.requests) * 1000);
  agent.requestsPerSecond[arm].push(result.requestsPerSecond);
}

/** Each arm starts and ends with nobody following. */
const runArm: Record<Arm, (agent: AgentUnderTest) => Promise<void>> = {
  nobody: (agent) => measure(agent, 'nobody'),
  streams: async (agent) => {
    const stream = await EventStreamReader.open(`${agent.url}/v1/events`);
    await stream.next((event) => event.event === 'snapshot', 60_000);
    await measure(agent, 'streams');
    stream.close();
    await untilFollowers(agent, 0);
  },
  chromium: async (agent) => {
    const page = agent.page!;
    await page.goto(`${agent.url}/#/`);
    await page.waitForSelector('section.environments[data-rendered="true"]', { timeout: 60_000 });
    await page.evaluate('new Promise((resolve) => requestIdleCallback(() => resolve(true)))');
    await measure(agent, 'chromium');
    if ((await followers(agent)) !== 1) throw new Error(`${agent.label}: the dashboard stopped following during the round`);
    await page.goto('about:blank');
    await untilFollowers(agent, 0);
  },
};

for (const agent of agents) await runLoad(agent.url, '/v1/envs', cachedBody, 3_000, CONCURRENCY); // warm-up
const loads: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 === 0 ? agents : [...agents].reverse();
  for (const agent of order) {
    for (let position = 0; position < ARMS.length; position += 1) {
      const arm = ARMS[(round + position) % ARMS.length]!;
      const armStarted = performance.now();
      await runArm[arm](agent);
      const rps = agent.requestsPerSecond[arm].at(-1)!;
      console.error(
        `  ${agent.label}, ${arm}: ${rps.toFixed(0)} req/s, ${agent.cpuMsPer1000[arm].at(-1)!.toFixed(1)} ms CPU per 1000 (arm took ${((performance.now() - armStarted) / 1000).toFixed(1)} s)`,
      );
    }
  }
  loads.push(loadNow());
  console.error(`round ${round + 1}/${ROUNDS} done, load ${loads.at(-1)}`);
}

await browser?.close();
for (const agent of agents) {
  agent.process.kill('SIGTERM');
  await new Promise((resolve) => agent.process.once('exit', resolve));
}
await rm(workspace, { recursive: true, force: true });

const row = (...cells: string[]): string => `| ${cells.join(' | ')} |`;
if (feedCost !== undefined) {
  console.log(
    `\nThe feed's own work (this build, in process, ${ENVIRONMENTS} environments): a tick that reads a used environment again and sends its row, ${feedCost.tickMicroseconds.toFixed(0)} µs CPU (${feedCost.bytesPerTick.toFixed(0)} bytes to each follower); noting a request's environment, ${feedCost.noteNanoseconds.toFixed(0)} ns; subscribing (snapshot of every row), ${feedCost.subscribeMilliseconds.toFixed(0)} ms once.`,
  );
  if (ROUNDS > 0) {
    const agent = agents[0]!;
    const requestCpuMsPerSecond = (median(agent.requestsPerSecond.nobody) * median(agent.cpuMsPer1000.nobody)) / 1000;
    const perSecond = (ticks: number): string =>
      `${((ticks * feedCost!.tickMicroseconds) / 1000).toFixed(2)} ms/s, ${((ticks * feedCost!.tickMicroseconds) / 10 / requestCpuMsPerSecond).toFixed(2)}%`;
    console.log(
      `At this run's median throughput with nobody following (${median(agent.requestsPerSecond.nobody).toFixed(0)} req/s, ${requestCpuMsPerSecond.toFixed(0)} ms of agent CPU per second), following costs the agent ${perSecond(1)} of it with one tick a second (cached hits only), ${perSecond(4)} at four ticks a second (environments changing all the time).`,
    );
  }
}
if (ROUNDS === 0) process.exit(0);
console.log(
  `\nFollowing-dashboard benchmark, ${startedAt.toISOString()}: ${ENVIRONMENTS} environments, ${ROUNDS} rounds of ${REQUESTS_PER_ARM} cached create-or-get per arm from ${CONCURRENCY} clients; ${cpus().length} CPUs; load average (1 min) ${loadAtStart} at the start, ${Math.min(...loads)}-${Math.max(...loads)} after the rounds\n`,
);
console.log(
  row(
    'agent',
    'arm',
    'req/s, median of rounds (quartiles, range)',
    'paired ratio to nobody: req/s',
    'agent CPU per 1000 requests, ms',
    'paired ratio to nobody: CPU',
  ),
);
console.log(row('---', '---', '---', '---', '---', '---'));
const paired = (values: readonly number[], baseline: readonly number[]): number[] => values.map((value, round) => value / baseline[round]!);
for (const agent of agents) {
  for (const arm of ARMS) {
    const rps = agent.requestsPerSecond[arm];
    const cpu = agent.cpuMsPer1000[arm];
    const baseline = arm === 'nobody';
    console.log(
      row(
        agent.label,
        arm,
        spread(rps, 0),
        baseline ? '' : spread(paired(rps, agent.requestsPerSecond.nobody)),
        spread(cpu, 1),
        baseline ? '' : spread(paired(cpu, agent.cpuMsPer1000.nobody)),
      ),
    );
  }
}
if (agents.length === 2) {
  const [after, before] = agents as [AgentUnderTest, AgentUnderTest];
  console.log('\nThis build against the before build, same rounds (median of per-round ratios, this / before):\n');
  console.log(row('arm', 'req/s', 'agent CPU per request'));
  console.log(row('---', '---', '---'));
  for (const arm of ARMS)
    console.log(
      row(arm, spread(paired(after.requestsPerSecond[arm], before.requestsPerSecond[arm])), spread(paired(after.cpuMsPer1000[arm], before.cpuMsPer1000[arm]))),
    );
}
