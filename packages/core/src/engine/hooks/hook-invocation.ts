import { PluginError, type PluginHookName } from '@runtime-env/plugin-api';
import { ValidationError } from '@runtime-env/plugin-api';
import type { JsonObject } from '@runtime-env/plugin-api';
import { classifyFailure } from '../failures/failure-classification.js';
import type { SetupLog } from '../build/setup-log.js';

export interface HookInvocation {
  plugin: string;
  hook: PluginHookName;
  /** The hook's signal: when it fired, its reason (timeout, cancellation) is what the caller sees. */
  signal: AbortSignal;
  setupLog?: SetupLog;
  log?: (entry: JsonObject) => void;
  /** Extra fields for the structured log entry (the URI, the environment). */
  fields?: JsonObject;
}

/**
 * The one wrapper every plugin hook call goes through: it times and logs the call
 * and turns a throw into a `PluginError` naming plugin and hook, classified as
 * transient or permanent and carrying the setup log's last lines. A
 * `ValidationError` passes through unchanged: it is the user's document that is
 * wrong, not the plugin.
 */
export async function invokeHook<T>(invocation: HookInvocation, call: () => T | Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    const result = await call();
    logOutcome(invocation, startedAt, 'ok');
    return result;
  } catch (error) {
    logOutcome(invocation, startedAt, 'failed');
    if (invocation.signal.aborted) throw invocation.signal.reason;
    throw toPluginError(invocation, error);
  }
}

export function toPluginError(invocation: Pick<HookInvocation, 'plugin' | 'hook' | 'setupLog'>, error: unknown): Error {
  if (ValidationError.isInstance(error) || PluginError.isInstance(error)) return error;
  const failureClass = classifyFailure(error);
  const pluginError = new PluginError({
    plugin: invocation.plugin,
    hook: invocation.hook,
    cause: error,
    failureClass,
    logTail: invocation.setupLog?.tail() ?? [],
  });
  if (invocation.setupLog) {
    const reason = error instanceof Error ? error.message : String(error);
    invocation.setupLog.write(invocation.plugin, 'error', `${invocation.hook} failed (${failureClass}): ${reason}`);
    // The cause's message may quote an env_vars value; the message users see must not.
    pluginError.message = invocation.setupLog.maskText(pluginError.message);
  }
  return pluginError;
}

function logOutcome(invocation: HookInvocation, startedAt: number, outcome: 'ok' | 'failed'): void {
  const durationMs = Math.round((performance.now() - startedAt) * 1000) / 1000;
  invocation.log?.({ event: 'plugin_hook', plugin: invocation.plugin, hook: invocation.hook, outcome, durationMs, ...invocation.fields });
  if (invocation.setupLog && invocation.hook !== 'hash') {
    invocation.setupLog.write(invocation.plugin, outcome === 'ok' ? 'debug' : 'warn', `${invocation.hook} ${outcome} in ${durationMs} ms`);
  }
}
