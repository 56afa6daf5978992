import { hostname } from 'node:os';
import { launchProcess, RuntimeEnvError, type JsonObject, type LaunchIo, type LaunchResult } from '@runtime-env/core';
import type { AgentClient } from './agent-client.js';
import type { EnvironmentStreamEvent } from './wire-types.js';

/** The reference lapses this long after the process dies without releasing it. */
const LEASE_SECONDS = 60;

export interface RunThroughAgentOptions {
  io: LaunchIo;
  /** Each progress event while the agent creates the environment. */
  onProgress?: (event: EnvironmentStreamEvent) => void;
  /** Cancels waiting for the environment (the creation itself goes on in the agent). */
  signal?: AbortSignal;
  /** Default `cli:<host>:<pid>`. */
  owner?: string;
  /** Called once the environment is ready, right before the command starts. */
  onLaunch?: () => void;
  /** Try again even if the environment failed a moment ago (`rtenv run --retry`). */
  retry?: boolean;
}

/**
 * What `rtenv run --agent URL` does: the agent creates (or finds) the environment
 * and holds a leased reference for this process, renewed while the command runs;
 * the command runs here, with the context the agent returned. The reference is
 * released when the command ends, and lapses on its own if this process dies.
 */
export async function runThroughAgent(client: AgentClient, runtimeEnv: JsonObject, command: readonly string[], options: RunThroughAgentOptions): Promise<LaunchResult> {
  const owner = options.owner ?? `cli:${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}:${process.pid}`;
  let ready;
  for await (const step of client.getOrCreateWithProgress({ runtimeEnv, owner, leaseSeconds: LEASE_SECONDS, ...(options.retry ? { retry: true } : {}) }, options.signal)) {
    if (step.type === 'ready') ready = step.data;
    else options.onProgress?.(step);
  }
  if (ready === undefined) throw new RuntimeEnvError('agent_protocol', 'the agent ended the progress stream without a result', { hint: 'see the agent log' });
  if (ready.context.launcher !== undefined) {
    throw new RuntimeEnvError('launcher_not_local', `this environment is started by plugin "${ready.context.launcher}", which only the agent's node can do`, {
      hint: 'run the command on the agent\'s node with `rtenv run` (without --agent)',
    });
  }
  const environmentId = ready.environment.id;
  const renewal = setInterval(() => {
    client.renewLease(environmentId, owner, LEASE_SECONDS).catch(() => undefined);
  }, (LEASE_SECONDS * 1000) / 3);
  try {
    options.onLaunch?.();
    return await launchProcess(ready.context, command, options.io);
  } finally {
    clearInterval(renewal);
    await client.release(environmentId, owner).catch(() => undefined);
  }
}
