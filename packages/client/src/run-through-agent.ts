import { hostname } from 'node:os';
import { launchProcess, RuntimeEnvError, type JsonObject, type LaunchContext, type LaunchIo, type LaunchResult } from '@runtime-env/plugin-api';
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
  /**
   * Starts the command of a context that names a launcher plugin (a container), as
   * the caller's own engine does on the agent's host. Without it, such a document
   * is refused by the agent before anything is created.
   */
  launchWithPlugin?: (context: LaunchContext, command: readonly string[], io: LaunchIo) => Promise<LaunchResult>;
  /** Try again even if the environment failed a moment ago (`rtenv run --retry`). */
  retry?: boolean;
}

/**
 * What `rtenv run --agent URL` does: the agent creates (or finds) the environment
 * and holds a leased reference for this process, renewed while the command runs;
 * the command runs here, with the context the agent returned. The reference is
 * released when the command ends, and lapses on its own if this process dies.
 */
export async function runThroughAgent(
  client: AgentClient,
  runtimeEnv: JsonObject,
  command: readonly string[],
  options: RunThroughAgentOptions,
): Promise<LaunchResult> {
  const owner = options.owner ?? `cli:${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}:${process.pid}`;
  let ready;
  const { launchWithPlugin } = options;
  const request = {
    runtimeEnv,
    owner,
    leaseSeconds: LEASE_SECONDS,
    ...(launchWithPlugin ? {} : { refuseLauncher: true }),
    ...(options.retry ? { retry: true } : {}),
  };
  for await (const step of client.getOrCreateWithProgress(request, options.signal)) {
    if (step.type === 'ready') ready = step.data;
    else options.onProgress?.(step);
  }
  if (ready === undefined) throw new RuntimeEnvError('agent_protocol', 'the agent ended the progress stream without a result', { hint: 'see the agent log' });
  const environmentId = ready.environment.id;
  if (ready.context.launcher !== undefined && !launchWithPlugin) {
    // An agent older than `refuseLauncher` created it anyway: give the reference back at once.
    await client.release(environmentId, owner).catch(() => undefined);
    throw new RuntimeEnvError('launcher_not_local', `this environment is started by plugin "${ready.context.launcher}", which only the agent's node can do`, {
      hint: "run the command on the agent's node with `rtenv run` (without --agent)",
    });
  }
  const renewal = setInterval(
    () => {
      client.renewLease(environmentId, owner, LEASE_SECONDS).catch(() => undefined);
    },
    (LEASE_SECONDS * 1000) / 3,
  );
  try {
    options.onLaunch?.();
    const { context } = ready;
    return await (context.launcher !== undefined && launchWithPlugin
      ? launchWithPlugin(context, command, options.io)
      : launchProcess(context, command, options.io));
  } finally {
    clearInterval(renewal);
    await client.release(environmentId, owner).catch(() => undefined);
  }
}
