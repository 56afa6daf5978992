import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEnvManager } from '@runtime-env/core';
import { AgentClient } from '@runtime-env/client';
import type { AgentInfoResponse, DiskResponse, EnvironmentRow, ProgressStep } from '@runtime-env/dashboard';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { openTestManager } from '@runtime-env/engine-test-support';
import { startAgentServer, type RunningAgent } from '../src/index.js';
import { slowStepPlugin } from './fixtures/slow-step-plugin.js';
import { EventStreamReader } from './support/event-stream-reader.js';
import { rawRequest } from './support/raw-request.js';

const SECRET = 'correct-horse-battery-staple-7731';
let manager: RuntimeEnvManager;
let agent: RunningAgent;
let client: AgentClient;

beforeAll(async () => {
  manager = await openTestManager({
    plugins: [envVarsPlugin, { plugin: slowStepPlugin, options: { delayMs: 600 } }],
    budgets: { totalBytes: 1_000_000, perPluginBytes: { slow_step: 5_000 } },
  });
  agent = await startAgentServer({ manager, gcIntervalSeconds: 0, budgets: { totalBytes: 1_000_000, perPluginBytes: { slow_step: 5_000 } } });
  client = new AgentClient({ url: agent.url });
});

afterAll(async () => {
  client.close();
  await agent.stop('tests finished');
  await manager.close();
});

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const rowsOf = (data: unknown): EnvironmentRow[] => (data as { rows: EnvironmentRow[] }).rows;

describe('GET /v1/events (the table, live)', () => {
  it('sends a snapshot, then new rows, progress, state changes and removals, and never a secret value', async () => {
    const before = await client.getOrCreate({ runtimeEnv: { env_vars: { TOKEN: SECRET } }, owner: 'job-a' });
    const stream = await EventStreamReader.open(`${agent.url}/v1/events`);
    try {
      const snapshot = await stream.next((event) => event.event === 'snapshot');
      expect(rowsOf(snapshot.data).map((row) => row.id)).toContain(before.environment.id);
      expect(rowsOf(snapshot.data).find((row) => row.id === before.environment.id)).toMatchObject({ state: 'ready', fields: ['env_vars'], references: 1 });

      const pending = await client.startCreating({ runtimeEnv: { slow_step: { label: 'live' } }, owner: 'job-b' });
      const id = pending.environment.id;
      const step = await stream.next(
        (event) => event.event === 'progress' && (event.data as ProgressStep).environmentId === id && (event.data as ProgressStep).bytesTotal !== undefined,
      );
      expect(step.data).toMatchObject({ plugin: 'slow_step', phase: 'working' });
      expect(step.data).not.toHaveProperty('message');
      await stream.next((event) => event.event === 'upsert' && rowsOf(event.data).some((row) => row.id === id && row.state === 'ready'));

      await client.release(id, 'job-b');
      await stream.next((event) => event.event === 'upsert' && rowsOf(event.data).some((row) => row.id === id && row.references === 0));
      await client.remove(id);
      await stream.next((event) => event.event === 'remove' && (event.data as { ids: string[] }).ids.includes(id));
      expect(stream.raw.join('')).not.toContain(SECRET);
    } finally {
      stream.close();
    }
  });
});

describe('GET /v1/events between followers', () => {
  it('a dashboard opened later sees what changed while nobody followed, and a collection removes rows live', async () => {
    const first = await EventStreamReader.open(`${agent.url}/v1/events`);
    await first.next((event) => event.event === 'snapshot');
    first.close();
    await waitUntil(async () => ((await (await fetch(`${agent.url}/v1/agent`)).json()) as AgentInfoResponse).followers === 0);

    const created = await client.getOrCreate({ runtimeEnv: { slow_step: { label: 'while-nobody-follows' } }, owner: 'job-e' });
    await client.release(created.environment.id, 'job-e');
    const second = await EventStreamReader.open(`${agent.url}/v1/events`);
    try {
      const snapshot = await second.next((event) => event.event === 'snapshot');
      expect(rowsOf(snapshot.data).find((row) => row.id === created.environment.id)).toMatchObject({ state: 'ready', references: 0 });
      const report = await client.gc({ all: true });
      expect(report.environmentsRemoved).toContain(created.environment.id);
      await second.next((event) => event.event === 'remove' && (event.data as { ids: string[] }).ids.includes(created.environment.id));
    } finally {
      second.close();
    }
  });
});

describe('GET /v1/agent, /v1/disk, /v1/gc/preview', () => {
  it('reports version, plugins with versions, and the request counters /metrics shows', async () => {
    const info = (await (await fetch(`${agent.url}/v1/agent`)).json()) as AgentInfoResponse;
    expect(info.plugins).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'slow_step', version: '1.0.0' }), expect.objectContaining({ name: 'env_vars' })]),
    );
    expect(info.access).toEqual({ loopback: true, tokenConfigured: false });
    const envRequests = info.requests.filter((entry) => entry.route === 'envs').reduce((sum, entry) => sum + entry.count, 0);
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();
    const scraped = [...metrics.matchAll(/^runtime_env_agent_requests_total\{route="envs",status="\w+"\} (\d+)$/gm)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    expect(envRequests).toBeGreaterThan(0);
    expect(scraped).toBe(envRequests);
    const latency = info.latency.find((entry) => entry.route === 'envs')!;
    expect(metrics).toContain(`runtime_env_agent_request_seconds_count{route="envs"} ${latency.count}`);
  });

  it('reports bytes per plugin against the budgets, and each shared store', async () => {
    await client.getOrCreate({ runtimeEnv: { slow_step: { label: 'disk' } }, owner: 'job-c' });
    await writeFile(path.join(manager.dataDirectory, 'plugins', 'slow_step', 'shared', 'cache.bin'), Buffer.alloc(4096));
    const disk = (await (await fetch(`${agent.url}/v1/disk`)).json()) as DiskResponse;
    const slow = disk.plugins.find((entry) => entry.plugin === 'slow_step')!;
    expect(slow.uris).toBeGreaterThanOrEqual(1);
    expect(slow.budgetBytes).toBe(5_000);
    expect(disk.budgetBytes).toBe(1_000_000);
    expect(disk.usedBytes).toBe(disk.plugins.reduce((sum, entry) => sum + entry.usedBytes, 0));
    expect(disk.sharedStores.find((store) => store.plugin === 'slow_step')!.bytes).toBeGreaterThanOrEqual(4096);
  });

  it('previews the collection POST /v1/gc with dryRun would make, removing nothing', async () => {
    const ready = await client.getOrCreate({ runtimeEnv: { slow_step: { label: 'collectable' } }, owner: 'job-d' });
    await client.release(ready.environment.id, 'job-d');
    const preview = (await (await fetch(`${agent.url}/v1/gc/preview?all=true`)).json()) as { removed: { uri: string }[]; dryRun: boolean };
    const dryRun = await client.gc({ dryRun: true, all: true });
    expect(preview.dryRun).toBe(true);
    expect(preview.removed.map((entry) => entry.uri).sort()).toEqual(dryRun.removed.map((entry) => entry.uri).sort());
    expect(preview.removed.length).toBeGreaterThan(0);
    expect((await client.getEnvironment(ready.environment.id)).state).toBe('ready');
    expect((await rawRequest(agent.url, 'GET', '/v1/gc/preview?all=maybe')).status).toBe(400);
  });
});

describe('the dashboard files', () => {
  it('serves the page at / and /ui/ with a policy that allows nothing from elsewhere, and only its own files', async () => {
    const page = await rawRequest(agent.url, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('/ui/app.js');
    const script = await rawRequest(agent.url, 'GET', '/ui/app.js');
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body.length).toBeLessThan(300 * 1024);
    for (const sneaky of ['/ui/..%2F..%2Fpackage.json', '/ui/../../package.json', '/ui/nested/app.js']) {
      const answer = await rawRequest(agent.url, 'GET', sneaky);
      expect(answer.body, sneaky).toBe(page.body);
    }
    expect((await rawRequest(agent.url, 'POST', '/')).status).toBe(405);
  });
});
