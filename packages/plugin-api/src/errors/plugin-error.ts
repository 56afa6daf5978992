import { RuntimeEnvError, type FailureClass } from './runtime-env-error.js';

export type PluginHookName = 'validate' | 'hash' | 'create' | 'modifyContext' | 'delete' | 'recover' | 'close' | 'launch';

/**
 * A plugin hook threw. The core wraps every hook call, so every failure a user
 * sees names the plugin and the hook; the original error is `cause`.
 */
export class PluginError extends RuntimeEnvError {
  readonly plugin: string;
  readonly hook: PluginHookName;
  readonly failureClass: FailureClass;
  /** The last lines of the environment's setup log, when there is one. */
  readonly logTail: readonly string[];

  constructor(details: { plugin: string; hook: PluginHookName; cause: unknown; failureClass: FailureClass; logTail?: readonly string[]; code?: string }) {
    const causeMessage = details.cause instanceof Error ? details.cause.message : String(details.cause);
    const tail =
      details.logTail && details.logTail.length > 0 ? `\n  last lines of the setup log:\n${details.logTail.map((line) => `    | ${line}`).join('\n')}` : '';
    super(details.code ?? 'plugin_failed', `plugin "${details.plugin}" failed in ${details.hook}: ${causeMessage}${tail}`, { cause: details.cause });
    this.plugin = details.plugin;
    this.hook = details.hook;
    this.failureClass = details.failureClass;
    this.logTail = details.logTail ?? [];
  }

  static override isInstance(value: unknown): value is PluginError {
    return RuntimeEnvError.isInstance(value) && 'hook' in value && 'plugin' in value;
  }
}
