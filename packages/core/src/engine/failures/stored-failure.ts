import { PluginError, type PluginHookName } from '@runtime-env/plugin-api';
import { RuntimeEnvError, type FailureClass } from '@runtime-env/plugin-api';
import { SetupTimeoutError } from '@runtime-env/plugin-api';
import type { EnvironmentRecord } from '../manager-types.js';
import { failureHintOf } from './failure-hint.js';

/** How a failed creation is kept in the database, so another process can rethrow it. */
export interface StoredFailure {
  code: string;
  message: string;
  plugin?: string;
  hook?: PluginHookName;
  failureClass?: FailureClass;
  failedAt: string;
  causeMessage?: string;
  logTail?: string[];
  phase?: string;
  timeoutSeconds?: number;
  /** What to do about it: the hint of the error that failed (a plugin's own, inside the hook's wrapper). */
  hint?: string;
  /** `failureInputsDigestOf` when it failed: replayed only under the same one. */
  inputsDigest?: string;
}

export function storedFailureOf(error: unknown, failedAt: number): StoredFailure {
  const hint = failureHintOf(error);
  const base = { failedAt: new Date(failedAt).toISOString(), ...(hint === undefined ? {} : { hint }) };
  if (PluginError.isInstance(error)) {
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    // The PluginError's message was masked; its cause's is not, so keep only what the message already shows.
    const causeMessage = error.message.includes(cause) ? cause : error.message;
    return {
      ...base,
      code: error.code,
      message: error.message,
      plugin: error.plugin,
      hook: error.hook,
      failureClass: error.failureClass,
      causeMessage,
      logTail: [...error.logTail],
    };
  }
  if (error instanceof SetupTimeoutError) {
    return {
      ...base,
      code: error.code,
      message: error.message,
      plugin: error.plugin,
      phase: error.phase,
      timeoutSeconds: error.timeoutSeconds,
      failureClass: 'permanent',
    };
  }
  if (RuntimeEnvError.isInstance(error)) return { ...base, code: error.code, message: error.message };
  return { ...base, code: 'setup_failed', message: error instanceof Error ? error.message : String(error) };
}

/** The error a remembered failure is rethrown as (the original, where this process still has it). */
export function reviveFailure(stored: StoredFailure): Error {
  if (stored.hook && stored.plugin) {
    return new PluginError({
      plugin: stored.plugin,
      hook: stored.hook,
      // The cause's message already shows the hint; the property lets a failure stored again keep it.
      cause: Object.assign(new Error(stored.causeMessage ?? stored.message), stored.hint === undefined ? {} : { hint: stored.hint }),
      failureClass: stored.failureClass ?? 'permanent',
      logTail: stored.logTail ?? [],
      code: stored.code,
    });
  }
  if (stored.code === 'setup_timeout' && stored.plugin) {
    return new SetupTimeoutError({ plugin: stored.plugin, phase: stored.phase ?? 'unknown', timeoutSeconds: stored.timeoutSeconds ?? 0 });
  }
  return new RuntimeEnvError(stored.code, stored.message);
}

export function recordErrorOf(stored: StoredFailure): NonNullable<EnvironmentRecord['error']> {
  return {
    code: stored.code,
    message: stored.message,
    failedAt: stored.failedAt,
    ...(stored.plugin ? { plugin: stored.plugin } : {}),
    ...(stored.hook ? { hook: stored.hook } : {}),
    ...(stored.failureClass ? { failureClass: stored.failureClass } : {}),
    ...(stored.hint ? { hint: stored.hint } : {}),
  };
}
