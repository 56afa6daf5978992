import { describe, expect, it } from 'vitest';
import { AgentRequestError } from '@runtime-env/client';
import { startAgentServer } from '../src/index.js';
import { createInMemoryManager } from './support/in-memory-manager.js';
import { rawRequest } from './support/raw-request.js';
import { startTestAgent } from './support/start-test-agent.js';

const token = 'a-long-enough-test-token-0123456789';

describe('authentication', () => {
  it('refuses to listen off loopback without a token', async () => {
    await expect(startAgentServer({ manager: createInMemoryManager(), host: '0.0.0.0' })).rejects.toMatchObject({ code: 'agent_start_refused' });
  });

  it('refuses a short token', async () => {
    await expect(startAgentServer({ manager: createInMemoryManager(), token: 'short' })).rejects.toThrow(/16 characters/);
  });

  it('on loopback, reads without a token; actions without one, and any wrong token, get 401', async () => {
    const testAgent = await startTestAgent({ token });
    try {
      expect((await rawRequest(testAgent.agent.url, 'GET', '/v1/envs')).status).toBe(200);
      const missing = await rawRequest(testAgent.agent.url, 'POST', '/v1/gc');
      expect(missing.status).toBe(401);
      expect(missing.headers['www-authenticate']).toContain('Bearer');
      const wrong = await rawRequest(testAgent.agent.url, 'GET', '/v1/envs', undefined, { authorization: `Bearer ${token.replace('a', 'b')}` });
      expect(wrong.status).toBe(401);
      expect(wrong.body).not.toContain(token);
      expect((await rawRequest(testAgent.agent.url, 'GET', '/healthz')).status).toBe(200);
      expect((await testAgent.client.listEnvironments()).total).toBe(0);
      expect((await rawRequest(testAgent.agent.url, 'POST', '/v1/gc', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await testAgent.close();
    }
  });

  it('off loopback, reads need the token too, but the dashboard page loads without it', async () => {
    const testAgent = await startTestAgent({ token, host: '0.0.0.0' });
    const url = `http://127.0.0.1:${testAgent.agent.port}`;
    try {
      for (const path of ['/v1/envs', '/v1/agent', '/v1/events', '/v1/disk', '/v1/gc/preview', '/metrics', '/v1/no-such-route']) {
        expect((await rawRequest(url, 'GET', path)).status, path).toBe(401);
      }
      expect((await rawRequest(url, 'GET', '/v1/agent', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await rawRequest(url, 'GET', '/healthz')).status).toBe(200);
      const page = await rawRequest(url, 'GET', '/');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
    } finally {
      await testAgent.close();
    }
  });

  it('refuses actions from a browser without the token, even on a loopback agent started without one', async () => {
    const open = await startTestAgent();
    const guarded = await startTestAgent({ token });
    try {
      const origin = { origin: 'http://evil.example' };
      const refused = await rawRequest(open.agent.url, 'POST', '/v1/gc', undefined, origin);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error.code).toBe('browser_action_needs_token');
      // The CLI and clients send no Origin: they still act on a token-less loopback agent.
      expect((await rawRequest(open.agent.url, 'POST', '/v1/gc')).status).toBe(200);
      expect((await rawRequest(open.agent.url, 'GET', '/v1/envs', undefined, origin)).status).toBe(200);
      expect((await rawRequest(guarded.agent.url, 'POST', '/v1/gc', undefined, origin)).status).toBe(401);
      expect((await rawRequest(guarded.agent.url, 'POST', '/v1/gc', undefined, { ...origin, authorization: `Bearer ${token}` })).status).toBe(200);
      // A page of another site whose name was pointed at 127.0.0.1 reads nothing without the token.
      const rebound = { host: `evil.example:${open.agent.port}` };
      expect((await rawRequest(open.agent.url, 'GET', '/v1/envs', undefined, rebound)).status).toBe(403);
      expect((await rawRequest(guarded.agent.url, 'GET', '/v1/envs', undefined, { host: `evil.example:${guarded.agent.port}` })).status).toBe(401);
      expect((await rawRequest(open.agent.url, 'GET', '/v1/envs', undefined, { host: `localhost:${open.agent.port}` })).status).toBe(200);
      expect((await rawRequest(open.agent.url, 'GET', '/', undefined, rebound)).status).toBe(200);
    } finally {
      await open.close();
      await guarded.close();
    }
  });
});

describe('references, pins, removal, collection, prewarm', () => {
  it('releases, renews, pins and removes through the API', async () => {
    const testAgent = await startTestAgent();
    try {
      const { client } = testAgent;
      const ready = await client.getOrCreate({ runtimeEnv: { env_vars: { A: '1' } }, owner: 'job-1', leaseSeconds: 60 });
      const id = ready.environment.id;
      await client.renewLease(id, 'job-1', 120);
      const renewed = await client.getEnvironment(id);
      expect(Date.parse(renewed.references[0]!.expiresAt!) - Date.now()).toBeGreaterThan(100_000);
      await expect(client.renewLease(id, 'job-2', 10)).rejects.toMatchObject({ status: 404, code: 'reference_not_found' });
      await expect(client.remove(id)).rejects.toMatchObject({ status: 409, code: 'environment_in_use' });
      await client.pin(id);
      expect((await client.getEnvironment(id)).pinned).toBe(true);
      await client.unpin(id);
      expect(await client.release(id, 'job-1')).toEqual({ released: true });
      expect(await client.release(id, 'job-1')).toEqual({ released: false });
      expect(await client.gc({ dryRun: true })).toMatchObject({ dryRun: true });
      await client.remove(id);
      await expect(client.getEnvironment(id)).rejects.toBeInstanceOf(AgentRequestError);
    } finally {
      await testAgent.close();
    }
  });

  it('prewarms: creates and pins each, reports failures one by one', async () => {
    const testAgent = await startTestAgent();
    try {
      const { results } = await testAgent.client.prewarm([{ env_vars: { A: '1' } }, { fail: true }, { env_vars: { B: '2' } }]);
      expect(results.map((result) => result.state)).toEqual(['ready', 'failed', 'ready']);
      expect(results[1]!.error?.code).toBe('plugin_failed');
      const pinned = await testAgent.client.getEnvironment(results[0]!.id!);
      expect(pinned.pinned).toBe(true);
      expect(pinned.references).toEqual([]);
    } finally {
      await testAgent.close();
    }
  });

  it('pages the list by id and filters by state', async () => {
    const testAgent = await startTestAgent();
    try {
      for (let index = 0; index < 7; index += 1) await testAgent.client.getOrCreate({ runtimeEnv: { env_vars: { N: String(index) } }, owner: 'job-1' });
      await testAgent.client.getOrCreate({ runtimeEnv: { fail: true }, owner: 'job-1' }).catch(() => undefined);
      const first = await testAgent.client.listEnvironments({ limit: 3, state: 'ready' });
      expect(first.total).toBe(7);
      expect(first.items).toHaveLength(3);
      const all = [];
      for await (const view of testAgent.client.allEnvironments({ limit: 3, state: 'ready' })) all.push(view.id);
      expect(all).toHaveLength(7);
      expect([...all].sort()).toEqual(all);
      expect((await testAgent.client.listEnvironments({ state: 'failed' })).total).toBe(1);
    } finally {
      await testAgent.close();
    }
  });
});

describe('stopping', () => {
  it('lets a creation finish within the grace period', async () => {
    const testAgent = await startTestAgent({ shutdownGraceSeconds: 5 });
    const creation = testAgent.client.getOrCreate({ runtimeEnv: { delayMs: 300 }, owner: 'job-1' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = testAgent.agent.stop('test');
    expect((await creation).environment.state).toBe('ready');
    await stopping;
    testAgent.client.close();
  });

  it('aborts a creation that outlives the grace period: the caller gets 503 cancelled, nothing is ready', async () => {
    const testAgent = await startTestAgent({ shutdownGraceSeconds: 0.2 });
    const creation = testAgent.client.getOrCreate({ runtimeEnv: { delayMs: 60_000 }, owner: 'job-1' }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await testAgent.agent.stop('test');
    const error = (await creation) as AgentRequestError;
    expect(error.status).toBe(503);
    expect(error.code).toBe('cancelled');
    expect([...testAgent.manager.records.values()].map((record) => record.state)).toEqual(['failed']);
    testAgent.client.close();
  });
});
