import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentRequestError } from '@runtime-env/client';
import { startTestAgent, type TestAgent } from './support/start-test-agent.js';

let testAgent: TestAgent;
beforeEach(async () => {
  testAgent = await startTestAgent();
});
afterEach(async () => testAgent.close());

describe('POST /v1/envs', () => {
  it('creates once, then answers from the cache, with the context holding the variables', async () => {
    const first = await testAgent.client.getOrCreate({ runtimeEnv: { env_vars: { GREETING: 'hello-secret' } }, owner: 'job-1' });
    expect(first.cached).toBe(false);
    expect(first.context.envVars).toEqual({ GREETING: 'hello-secret' });
    expect(first.environment.state).toBe('ready');
    const second = await testAgent.client.getOrCreate({ runtimeEnv: { env_vars: { GREETING: 'hello-secret' } }, owner: 'job-2' });
    expect(second.cached).toBe(true);
    expect(second.environment.id).toBe(first.environment.id);
  });

  it('shows env_vars values as *** everywhere but the context, and never logs them', async () => {
    const ready = await testAgent.client.getOrCreate({ runtimeEnv: { env_vars: { TOKEN: 'value-never-shown' } }, owner: 'job-1' });
    const view = await testAgent.client.getEnvironment(ready.environment.id);
    expect(view.runtimeEnv).toEqual({ env_vars: { TOKEN: '***' } });
    expect(JSON.stringify(view)).not.toContain('value-never-shown');
    const list = await testAgent.client.listEnvironments();
    expect(JSON.stringify(list)).not.toContain('value-never-shown');
    expect(testAgent.logLines.join('')).not.toContain('value-never-shown');
  });

  it('answers 400 invalid_runtime_env with every issue from the core', async () => {
    const error = await testAgent.client.getOrCreate({ runtimeEnv: { pipp: ['x'], other: 1 }, owner: 'job-1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentRequestError);
    const requestError = error as AgentRequestError;
    expect(requestError.status).toBe(400);
    expect(requestError.code).toBe('invalid_runtime_env');
    expect(requestError.details.issues?.map((issue) => issue.path).sort()).toEqual(['other', 'pipp']);
  });

  it('answers 422 naming the plugin, hook and environment when creation fails', async () => {
    const error = (await testAgent.client.getOrCreate({ runtimeEnv: { fail: true }, owner: 'job-1' }).catch((caught: unknown) => caught)) as AgentRequestError;
    expect(error.status).toBe(422);
    expect(error.details).toMatchObject({ code: 'plugin_failed', plugin: 'stand-in', hook: 'create', failureClass: 'permanent', hint: 'fix the package name' });
    expect(error.details.environmentId).toMatch(/^[0-9a-f]{32}$/);
    expect(error.message).toContain('package "nope" does not exist');
    const metrics = await testAgent.client.metrics();
    expect(metrics).toContain('runtime_env_failures_total{class="permanent"} 1');
  });

  it('with wait: false answers 202 and the event stream shows progress, then the ready state', async () => {
    const started = await testAgent.client.startCreating({ runtimeEnv: { delayMs: 150 }, owner: 'job-1' });
    expect('eventsPath' in started).toBe(true);
    if (!('eventsPath' in started)) return;
    const events = [];
    for await (const event of testAgent.client.events(started.environment.id)) events.push(event);
    expect(events.map((event) => (event.type === 'progress' ? event.data.kind : `state:${event.data.state}`))).toEqual([
      'started',
      'progress',
      'ready',
      'state:ready',
    ]);
  });

  it('with wait: false on a cached environment answers 200 at once', async () => {
    await testAgent.client.getOrCreate({ runtimeEnv: { env_vars: { A: '1' } }, owner: 'job-1' });
    const again = await testAgent.client.startCreating({ runtimeEnv: { env_vars: { A: '1' } }, owner: 'job-2' });
    expect('context' in again && again.cached).toBe(true);
  });

  it('getOrCreateWithProgress yields progress and ends with the ready context', async () => {
    const kinds: string[] = [];
    let last: unknown;
    for await (const step of testAgent.client.getOrCreateWithProgress({ runtimeEnv: { delayMs: 100, env_vars: { B: '2' } }, owner: 'job-1' })) {
      kinds.push(step.type);
      last = step;
    }
    expect(kinds[0]).toBe('progress');
    expect(kinds.at(-1)).toBe('ready');
    expect((last as { data: { context: { envVars: unknown } } }).data.context.envVars).toEqual({ B: '2' });
  });

  it('counts a call that waits on a creation in flight as joined, not as a miss', async () => {
    const documents = Array.from({ length: 5 }, (_, index) => ({ env_vars: { N: String(index) }, delayMs: 200 }));
    await Promise.all(Array.from({ length: 50 }, (_, call) => testAgent.client.getOrCreate({ runtimeEnv: documents[call % 5]!, owner: `job-${call}` })));
    const metrics = await testAgent.client.metrics();
    const countOf = (result: string): number => Number(new RegExp(`runtime_env_get_or_create_total\\{result="${result}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    // Calls queued behind the client's sockets may find the environment ready (a hit) instead.
    expect(countOf('miss')).toBe(5);
    expect(countOf('joined') + countOf('hit')).toBe(45);
    expect(metrics).toMatch(/runtime_env_environment_creation_seconds_count 5\n/);
  });

  it('counts hits, misses and in-flight creations in /metrics', async () => {
    const pending = testAgent.client.getOrCreate({ runtimeEnv: { delayMs: 300 }, owner: 'job-1' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await testAgent.client.metrics()).toContain('runtime_env_in_flight_creations 1');
    await pending;
    await testAgent.client.getOrCreate({ runtimeEnv: { delayMs: 300 }, owner: 'job-2' });
    const metrics = await testAgent.client.metrics();
    expect(metrics).toContain('runtime_env_get_or_create_total{result="miss"} 1');
    expect(metrics).toContain('runtime_env_get_or_create_total{result="hit"} 1');
    expect(metrics).toContain('runtime_env_in_flight_creations 0');
    expect(metrics).toContain('runtime_env_uri_creations_total{plugin="stand-in",outcome="ready"} 1');
    expect(metrics).toMatch(/runtime_env_uri_creation_seconds_count\{plugin="stand-in"\} 1/);
  });
});
