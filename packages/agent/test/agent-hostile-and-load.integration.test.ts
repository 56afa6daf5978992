import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEnvManager } from '@runtime-env/core';
import { AgentClient } from '@runtime-env/client';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { openTestManager } from '@runtime-env/engine-test-support';
import { startAgentServer, type RunningAgent } from '../src/index.js';
import { hostileRequests } from './support/hostile-requests.js';
import { rawRequest } from './support/raw-request.js';

const HOSTILE_REQUESTS = 1_200;
const LOAD_CLIENTS = 32;
const LOAD_REQUESTS_PER_CLIENT = 150;

let manager: RuntimeEnvManager;
let agent: RunningAgent;
let client: AgentClient;
const validIds: string[] = [];

beforeAll(async () => {
  manager = await openTestManager({ plugins: [envVarsPlugin] });
  agent = await startAgentServer({ manager, gcIntervalSeconds: 0 });
  client = new AgentClient({ url: agent.url });
  for (const value of ['1', '2', '3'])
    validIds.push((await client.getOrCreate({ runtimeEnv: { env_vars: { N: value } }, owner: 'steady-owner' })).environment.id);
});

afterAll(async () => {
  client.close();
  await agent.stop('tests finished');
  await manager.close();
});

async function inParallel<Item>(items: readonly Item[], workers: number, work: (item: Item) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function expectStateUnchanged(): Promise<void> {
  expect((await client.health()).status).toBe('ok');
  const list = await client.listEnvironments();
  expect(list.items.map((view) => view.id).sort()).toEqual([...validIds].sort());
  for (const view of list.items) {
    expect(view.state).toBe('ready');
    expect(view.references.map((reference) => reference.owner)).toContain('steady-owner');
  }
  expect(await client.metrics()).not.toMatch(/runtime_env_agent_requests_total\{route="[a-z_]+",status="5xx"\} [1-9]/);
}

describe('hostile input', () => {
  it(`answers each of ${HOSTILE_REQUESTS} malformed or hostile requests with a 4xx naming the problem, and stays consistent`, async () => {
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const wrong: string[] = [];
    await inParallel(hostileRequests(HOSTILE_REQUESTS), 8, async (request) => {
      const answer = await rawRequest(agent.url, request.method, request.path, request.body, request.headers ?? {}, keepAlive).catch((error: Error) => ({
        status: 0,
        body: error.message,
        headers: {},
      }));
      const code = answer.status >= 400 && answer.status < 500 ? (JSON.parse(answer.body) as { error: { code: string; message: string } }).error : undefined;
      if (code === undefined || code.message.length < 10)
        wrong.push(`${request.name}: ${request.method} ${request.path.slice(0, 80)} -> ${answer.status} ${answer.body.slice(0, 200)}`);
    });
    keepAlive.destroy();
    expect(wrong).toEqual([]);
    await expectStateUnchanged();
  });

  it('answers malformed HTTP on a raw socket with 400 and keeps serving', async () => {
    const { port } = new URL(agent.url);
    for (const garbage of [
      'GARBAGE\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n',
      'POST /v1/envs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzzzzz\r\n\r\n',
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nX: ${'b'.repeat(20_000)}\r\n\r\n`,
    ]) {
      const answer = await new Promise<string>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(garbage));
        let received = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
        socket.on('close', () => resolve(received));
        socket.on('error', () => resolve(received));
        setTimeout(() => socket.destroy(), 5_000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    await expectStateUnchanged();
  });
});

describe('bounded load on loopback', () => {
  it(`serves ${LOAD_CLIENTS} concurrent clients × ${LOAD_REQUESTS_PER_CLIENT} cached create-or-get calls with every answer correct`, async () => {
    const runtimeEnv = { env_vars: { N: '1' } };
    const clients = Array.from({ length: LOAD_CLIENTS }, () => new AgentClient({ url: agent.url, maxSockets: 1 }));
    const started = performance.now();
    const failures: string[] = [];
    await Promise.all(
      clients.map(async (loadClient, index) => {
        for (let call = 0; call < LOAD_REQUESTS_PER_CLIENT; call += 1) {
          const answer = await loadClient.getOrCreate({ runtimeEnv, owner: `load-${index}` }).catch((error: Error) => error);
          if (answer instanceof Error) failures.push(answer.message);
          else if (!answer.cached || answer.context.envVars.N !== '1' || answer.environment.id !== validIds[0])
            failures.push(JSON.stringify(answer).slice(0, 200));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const loadClient of clients) loadClient.close();
    expect(failures).toEqual([]);
    // One reference per owner, however many calls it made.
    const owners = (await client.getEnvironment(validIds[0]!)).references.map((reference) => reference.owner);
    expect(owners.sort()).toEqual(['steady-owner', ...Array.from({ length: LOAD_CLIENTS }, (_, index) => `load-${index}`)].sort());
    process.stdout.write(
      `load: ${LOAD_CLIENTS * LOAD_REQUESTS_PER_CLIENT} calls in ${seconds.toFixed(2)} s (${Math.round((LOAD_CLIENTS * LOAD_REQUESTS_PER_CLIENT) / seconds)} req/s; information only)\n`,
    );
    await expectStateUnchanged();
  });
});
