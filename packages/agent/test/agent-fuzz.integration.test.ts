// The agent must never answer 5xx, whatever arrives: thousands of seeded random
// requests to every route, over a real core on loopback. A failure prints the
// request's index; the same seed replays it.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAXIMUM_DOCUMENT_BYTES, MAXIMUM_DOCUMENT_DEPTH, type RuntimeEnvManager } from '@runtime-env/core';
import { AgentClient } from '@runtime-env/client';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { openTestManager } from '@runtime-env/engine-test-support';
import { startAgentServer, type RunningAgent } from '../src/index.js';
import { fuzzRequests, type FuzzRequest } from './support/fuzz-requests.js';
import { rawRequest, type RawAnswer } from './support/raw-request.js';

const FUZZ_REQUESTS = 3_000;
const FUZZ_SEED = 11;
const MAX_BODY_BYTES = 256 * 1024;
const PARALLEL = 8;

let manager: RuntimeEnvManager;
let agent: RunningAgent;
let client: AgentClient;
const knownIds: string[] = [];

beforeAll(async () => {
  manager = await openTestManager({ plugins: [envVarsPlugin] });
  agent = await startAgentServer({ manager, gcIntervalSeconds: 0, maxBodyBytes: MAX_BODY_BYTES });
  client = new AgentClient({ url: agent.url });
  for (const value of ['1', '2']) knownIds.push((await client.getOrCreate({ runtimeEnv: { env_vars: { N: value } }, owner: 'steady-owner' })).environment.id);
});

afterAll(async () => {
  client.close();
  await agent.stop('tests finished');
  await manager.close();
});

const json = { 'content-type': 'application/json' };

/** `{"env_vars": {"a": ... "1"}}`, `depth` levels in all. */
function deepDocumentText(depth: number): string {
  return `{"env_vars":${'{"a":'.repeat(depth - 1)}"1"${'}'.repeat(depth - 1)}}`;
}

function errorOf(answer: RawAnswer): { code: string; message: string } {
  return (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
}

function hasUsefulMessage(answer: RawAnswer): boolean {
  try {
    return errorOf(answer).message.length >= 10;
  } catch {
    return false;
  }
}

describe('documents beyond the limits', () => {
  it.each([
    ['create', '/v1/envs', (document: string) => `{"runtimeEnv":${document},"owner":"job"}`],
    ['create without waiting', '/v1/envs', (document: string) => `{"runtimeEnv":${document},"owner":"job","wait":false}`],
  ])('%s: a document 5,000 levels deep gets 400 naming the depth limit', async (_name, path, bodyOf) => {
    const answer = await rawRequest(agent.url, 'POST', path, bodyOf(deepDocumentText(5_000)), json);
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe('document_too_deep');
    expect(errorOf(answer).message).toContain(`the depth limit of a runtime_env document is ${MAXIMUM_DOCUMENT_DEPTH}`);
  });

  it('prewarm: a document 5,000 levels deep fails alone, naming the depth limit', async () => {
    const answer = await rawRequest(agent.url, 'POST', '/v1/prewarm', `{"environments":[${deepDocumentText(5_000)},{"env_vars":{"N":"1"}}]}`, json);
    expect(answer.status).toBe(200);
    const [deep, shallow] = (JSON.parse(answer.body) as { results: Array<{ state: string; error?: { code: string } }> }).results;
    expect(deep).toMatchObject({ state: 'failed', error: { code: 'document_too_deep' } });
    expect(shallow!.state).toBe('ready');
  });

  it("a document over the core's size limit gets 413 naming it, when the body limit lets it through", async () => {
    const roomy = await startAgentServer({ manager, gcIntervalSeconds: 0, maxBodyBytes: 2 * MAXIMUM_DOCUMENT_BYTES });
    try {
      const answer = await rawRequest(
        roomy.url,
        'POST',
        '/v1/envs',
        JSON.stringify({ runtimeEnv: { env_vars: { A: 'x'.repeat(MAXIMUM_DOCUMENT_BYTES) } }, owner: 'job' }),
        json,
      );
      expect(answer.status).toBe(413);
      expect(errorOf(answer).code).toBe('document_too_large');
      expect(errorOf(answer).message).toContain(`the size limit of a runtime_env document is ${MAXIMUM_DOCUMENT_BYTES} bytes`);
    } finally {
      await roomy.stop('test finished');
    }
  });

  it('a body over the limit gets 413 naming the limit', async () => {
    const answer = await rawRequest(
      agent.url,
      'POST',
      '/v1/envs',
      JSON.stringify({ runtimeEnv: { env_vars: { A: 'x'.repeat(MAX_BODY_BYTES) } }, owner: 'job' }),
      json,
    );
    expect(answer.status).toBe(413);
    expect(errorOf(answer).message).toContain(`larger than ${MAX_BODY_BYTES} bytes`);
  });
});

describe('fuzzing the HTTP API', () => {
  it(`answers ${FUZZ_REQUESTS} seeded random requests to every route without a 5xx, and stays up`, async () => {
    const requests = fuzzRequests({ count: FUZZ_REQUESTS, seed: FUZZ_SEED, knownIds, maxBodyBytes: MAX_BODY_BYTES });
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
    const wrong: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const send = async (request: FuzzRequest): Promise<void> => {
      const answer = await rawRequest(agent.url, request.method, request.path, request.body, request.headers, keepAlive).catch((error: Error) => ({
        status: 0,
        body: error.message,
        headers: {},
      }));
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      // An answer of 0 is a connection the agent dropped without answering.
      if (answer.status === 0 || answer.status >= 500)
        wrong.push(`#${request.index} ${request.kind}: ${request.method} ${request.path.slice(0, 80)} -> ${answer.status} ${answer.body.slice(0, 200)}`);
      else if (answer.status >= 400 && request.method !== 'HEAD' && !hasUsefulMessage(answer))
        wrong.push(
          `#${request.index} ${request.kind}: ${request.method} ${request.path.slice(0, 80)} -> ${answer.status} without a useful message: ${answer.body.slice(0, 200)}`,
        );
    };
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < requests.length) await send(requests[next++]!);
      }),
    );
    keepAlive.destroy();
    expect(wrong).toEqual([]);
    // The random mix reached past routing and validation, not only the early refusals.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect((await client.health()).status).toBe('ok');
    expect(await client.metrics()).not.toMatch(/runtime_env_agent_requests_total\{route="[a-z_]+",status="5xx"\} [1-9]/);
  });
});
