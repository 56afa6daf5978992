import { afterEach, describe, expect, it } from 'vitest';
import { AgentClient } from '@runtime-env/client';
import { makeAgentWorkspace, spawnAgentProcess } from './support/agent-process.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SECRET = 'core-log-secret-value';

/** The core's entries of an agent at `logLevel` after one creation, and the whole log. */
async function coreEntriesAfterOneCreation(logLevel: string): Promise<{ core: Record<string, unknown>[]; log: string }> {
  const workspace = await makeAgentWorkspace({ plugins: ['@runtime-env/plugin-env-vars'], agent: { logLevel, gcIntervalSeconds: 0 } });
  cleanups.push(() => workspace.remove());
  const agent = await spawnAgentProcess(workspace.configPath);
  cleanups.push(() => void agent.child.kill('SIGKILL'));
  await new AgentClient({ url: agent.url }).getOrCreate({ runtimeEnv: { env_vars: { API_TOKEN: SECRET } }, owner: 'job-1' });
  agent.child.kill('SIGTERM');
  await agent.exited;
  const entries = agent
    .log()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { core: entries.filter((entry) => entry.msg === 'core'), log: agent.log() };
}

describe("the core's entries in the agent's log", () => {
  it('are written at debug, one per plugin hook call, without the values of env_vars', async () => {
    const { core, log } = await coreEntriesAfterOneCreation('debug');
    expect(core.filter((entry) => entry.event === 'plugin_hook' && entry.plugin === 'env_vars').map((entry) => entry.hook)).toContain('modifyContext');
    expect(log).not.toContain(SECRET);
  });

  it('are not written above debug', async () => {
    const { core, log } = await coreEntriesAfterOneCreation('info');
    expect(core).toEqual([]);
    expect(log).toContain('environment ready');
  });
});
