import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentClient } from '@runtime-env/client';
import { makeAgentWorkspace, spawnAgentProcess } from './support/agent-process.js';

const stubbornSetupPlugin = fileURLToPath(new URL('./fixtures/stubborn-setup-plugin.ts', import.meta.url));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Running, as opposed to gone or a zombie nobody reaped. */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('setup processes that ignore SIGTERM, in the agent', () => {
  it('a creation that times out fails only once they are gone, and so does an agent stopping with SIGTERM', async () => {
    const workspace = await makeAgentWorkspace({ plugins: [stubbornSetupPlugin] });
    cleanups.push(() => workspace.remove());
    const pidFile = path.join(workspace.dataDirectory, 'plugins', 'stubborn_setup', 'shared', 'setup-pids.txt');
    const pids = (): number[] => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : []);
    cleanups.push(() => {
      for (const pid of pids()) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    });
    const agent = await spawnAgentProcess(workspace.configPath, ['--shutdown-grace-seconds', '0']);
    cleanups.push(() => void agent.child.kill('SIGKILL'));
    const client = new AgentClient({ url: agent.url });

    const timedOut = await client
      .getOrCreate({ runtimeEnv: { stubborn_setup: { label: 'timeout' }, config: { setup_timeout_seconds: 1 } }, owner: 'job' })
      .catch((error: unknown) => error);
    expect(timedOut).toMatchObject({ code: 'setup_timeout' });
    expect(pids()).toHaveLength(2);
    expect(pids().filter(isRunning)).toEqual([]);

    await client.startCreating({ runtimeEnv: { stubborn_setup: { label: 'shutdown' } }, owner: 'job' });
    await waitUntil(() => pids().length === 4, 'the second creation started its processes');
    agent.child.kill('SIGTERM');
    expect((await agent.exited).code).toBe(0);
    expect(pids().filter(isRunning)).toEqual([]);
  });
});
