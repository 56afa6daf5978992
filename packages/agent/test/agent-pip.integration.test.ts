import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEnvManager } from '@runtime-env/core';
import { AgentClient, type EnvironmentStreamEvent } from '@runtime-env/client';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { pipPlugin } from '@runtime-env/plugin-pip';
import { buildWheel, startPythonIndex, type PythonIndex } from '@runtime-env/testkit';
import { openTestManager } from '@runtime-env/engine-test-support';
import { startAgentServer, type RunningAgent } from '../src/index.js';

let index: PythonIndex;
let manager: RuntimeEnvManager;
let agent: RunningAgent;

beforeAll(async () => {
  // The test serves its own index: nothing comes from the machine's configured one.
  index = await startPythonIndex({
    files: [await buildWheel({ name: 'agent-fixture', version: '1.0.0' }), await buildWheel({ name: 'agent-shared', version: '2.0.0' })],
  });
  manager = await openTestManager({ plugins: [envVarsPlugin, pipPlugin] });
  agent = await startAgentServer({ manager, gcIntervalSeconds: 0 });
});

afterAll(async () => {
  await agent.stop('tests finished');
  await manager.close();
  await index.close();
});

const pythonSays = (python: string, code: string): string =>
  execFileSync(python, ['-c', code], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).trim();

describe('pip environments through the agent', () => {
  it('streams the progress of a pip installation to the client while it runs', async () => {
    const client = new AgentClient({ url: agent.url });
    const events: EnvironmentStreamEvent[] = [];
    let python: string | undefined;
    for await (const step of client.getOrCreateWithProgress({
      runtimeEnv: { pip: ['agent-fixture'], env_vars: { PIP_INDEX_URL: index.url, PIP_CONFIG_FILE: '/dev/null' } },
      owner: 'progress-watcher',
    })) {
      if (step.type === 'ready') python = step.data.context.pythonExecutable;
      else events.push(step);
    }
    const pipEvents = events.flatMap((event) => (event.type === 'progress' && event.data.plugin === 'pip' ? [event.data] : []));
    expect(pipEvents[0]?.kind).toBe('started');
    expect(pipEvents.some((event) => event.kind === 'progress')).toBe(true);
    expect(pipEvents.at(-1)?.kind).toBe('ready');
    expect(events.at(-1)).toMatchObject({ type: 'state', data: { state: 'ready' } });
    // Independent check: the interpreter the agent handed back has the package.
    expect(pythonSays(python!, 'import agent_fixture; print(agent_fixture.__version__)')).toBe('1.0.0');
    const log = await client.readLog(pipEvents[0]!.environmentId);
    expect(log).toContain('agent-fixture');
    client.close();
  });

  it('builds one pip environment for many concurrent clients, with a reference per owner', async () => {
    const clients = Array.from({ length: 8 }, () => new AgentClient({ url: agent.url, maxSockets: 1 }));
    const runtimeEnv = { pip: ['agent-shared==2.0.0'], env_vars: { PIP_INDEX_URL: index.url, PIP_CONFIG_FILE: '/dev/null' } };
    const answers = await Promise.all(clients.map((client, position) => client.getOrCreate({ runtimeEnv, owner: `pip-worker-${position}` })));
    expect(new Set(answers.map((answer) => answer.environment.id)).size).toBe(1);
    expect(new Set(answers.map((answer) => answer.context.pythonExecutable)).size).toBe(1);
    // One resolution, so one creation served everyone: pip asked for the project's page once.
    // (Not the wheel: over HTTP the wheel installer fetches it again after pip's dry run; see plugin-pip's README.)
    expect(index.requests.filter((path) => /^\/simple\/agent-shared\/?$/.test(path)).length).toBe(1);
    const view = await clients[0]!.getEnvironment(answers[0]!.environment.id);
    expect(view.references.map((reference) => reference.owner).sort()).toEqual(clients.map((_, position) => `pip-worker-${position}`).sort());
    expect(view.uris.find((uri) => uri.plugin === 'pip')?.lock?.map((entry) => `${entry.name}==${entry.version}`)).toContain('agent-shared==2.0.0');
    expect(JSON.stringify(view)).not.toContain(index.url);
    for (const client of clients) client.close();
  });
});
