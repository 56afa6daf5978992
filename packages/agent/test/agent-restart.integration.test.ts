import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentClient, type AgentRequestError } from '@runtime-env/client';
import { makeAgentWorkspace, slowStepPlugin, spawnAgentProcess, type AgentProcess } from './support/agent-process.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A data directory with two configs on it: a slow plugin (60 s) for the first agent, a fast one for the restarted agent. */
async function restartWorkspace() {
  const workspace = await makeAgentWorkspace({ plugins: ['@runtime-env/plugin-env-vars', [slowStepPlugin, { delayMs: 60_000 }]] });
  cleanups.push(() => workspace.remove());
  const fastConfigPath = path.join(workspace.directory, 'fast.config.json');
  await writeFile(
    fastConfigPath,
    JSON.stringify({ dataDir: workspace.dataDirectory, plugins: ['@runtime-env/plugin-env-vars', [slowStepPlugin, { delayMs: 100 }]] }),
  );
  const creationsLog = path.join(workspace.dataDirectory, 'plugins', 'slow_step', 'shared', 'creations.log');
  return { ...workspace, fastConfigPath, creationsLog };
}

function track(agent: AgentProcess): AgentProcess {
  cleanups.push(() => void agent.child.kill('SIGKILL'));
  return agent;
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts a slow creation through `client` and waits until the plugin's `create` is running. */
async function startSlowCreation(client: AgentClient, creationsLog: string): Promise<string> {
  const pending = await client.startCreating({ runtimeEnv: { slow_step: { label: 'interrupted' } }, owner: 'job-slow' });
  expect('eventsPath' in pending).toBe(true);
  await waitUntil(() => existsSync(creationsLog), 'the slow creation started');
  return pending.environment.id;
}

/** Whatever the restarted agent says about the interrupted environment, it must not serve it as ready. */
async function expectNotServedHalfBuilt(client: AgentClient, environmentId: string): Promise<void> {
  const view = await client.getEnvironment(environmentId).catch((error: unknown) => {
    expect((error as AgentRequestError).status).toBe(404);
    return undefined;
  });
  expect(view?.state).not.toBe('ready');
}

/** Creating it again builds it completely, in a directory holding the finished marker. */
async function expectRebuiltCompletely(client: AgentClient, creationsLog: string): Promise<void> {
  const rebuilt = await client.getOrCreate({ runtimeEnv: { slow_step: { label: 'interrupted' } }, owner: 'job-slow' });
  expect(rebuilt.cached).toBe(false);
  const directory = rebuilt.context.envVars.SLOW_STEP_DIRECTORY!;
  expect(readFileSync(path.join(directory, 'complete'), 'utf8')).toBe('interrupted');
  expect(readFileSync(creationsLog, 'utf8').trim().split('\n')).toEqual(['interrupted', 'interrupted']);
}

describe('agent restarts', () => {
  it('after SIGKILL during a creation: no half-built environment is served, references are kept', async () => {
    const workspace = await restartWorkspace();
    const first = track(await spawnAgentProcess(workspace.configPath));
    const firstClient = new AgentClient({ url: first.url });
    const kept = await firstClient.getOrCreate({ runtimeEnv: { env_vars: { KEEP: 'yes' } }, owner: 'job-keep' });
    const slowId = await startSlowCreation(firstClient, workspace.creationsLog);
    first.child.kill('SIGKILL');
    await first.exited;
    firstClient.close();

    const second = track(await spawnAgentProcess(workspace.fastConfigPath));
    const client = new AgentClient({ url: second.url });
    cleanups.push(() => client.close());
    await expectNotServedHalfBuilt(client, slowId);
    const keptView = await client.getEnvironment(kept.environment.id);
    expect(keptView.state).toBe('ready');
    expect(keptView.references.map((reference) => reference.owner)).toEqual(['job-keep']);
    await expectRebuiltCompletely(client, workspace.creationsLog);
  });

  it('on SIGTERM, aborts a creation that outlives the grace period, exits 0, and the restart rebuilds it', async () => {
    const workspace = await restartWorkspace();
    const first = track(await spawnAgentProcess(workspace.configPath, ['--shutdown-grace-seconds', '0.5']));
    const firstClient = new AgentClient({ url: first.url });
    const waiting = firstClient.getOrCreate({ runtimeEnv: { slow_step: { label: 'other' } }, owner: 'job-waiting' }).catch((error: unknown) => error);
    const slowId = await startSlowCreation(firstClient, workspace.creationsLog);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // The waiting caller was told, not left hanging.
    expect(((await waiting) as AgentRequestError).details).toMatchObject({ code: 'cancelled' });
    expect(((await waiting) as AgentRequestError).status).toBe(503);
    firstClient.close();
    expect(first.log()).toContain('"msg":"aborted creations still running after the grace period"');

    const second = track(await spawnAgentProcess(workspace.fastConfigPath));
    const client = new AgentClient({ url: second.url });
    cleanups.push(() => client.close());
    await expectNotServedHalfBuilt(client, slowId);
    const rebuilt = await client.getOrCreate({ runtimeEnv: { slow_step: { label: 'interrupted' } }, owner: 'job-slow' });
    expect(readFileSync(path.join(rebuilt.context.envVars.SLOW_STEP_DIRECTORY!, 'complete'), 'utf8')).toBe('interrupted');
  });

  it('on SIGTERM, lets a creation finish within the grace period before exiting', async () => {
    const workspace = await makeAgentWorkspace({ plugins: [[slowStepPlugin, { delayMs: 1_500 }]] });
    cleanups.push(() => workspace.remove());
    const agent = track(await spawnAgentProcess(workspace.configPath, ['--shutdown-grace-seconds', '20']));
    const client = new AgentClient({ url: agent.url });
    const creation = client.getOrCreate({ runtimeEnv: { slow_step: { label: 'finishes' } }, owner: 'job-1' });
    await waitUntil(() => existsSync(path.join(workspace.dataDirectory, 'plugins', 'slow_step', 'shared', 'creations.log')), 'the creation started');
    agent.child.kill('SIGTERM');
    const ready = await creation;
    expect(readFileSync(path.join(ready.context.envVars.SLOW_STEP_DIRECTORY!, 'complete'), 'utf8')).toBe('finishes');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    client.close();
  });
});
