const marker = Symbol.for('runtime-env.error');

/** Whether retrying the same operation may succeed. */
export type FailureClass = 'transient' | 'permanent';

export interface RuntimeEnvErrorOptions {
  cause?: unknown;
  /** What the user can do about it; appended to the message. */
  hint?: string;
}

/**
 * The root of every error the project throws. `code` is stable and machine-readable
 * (the CLI's `--json` output and the agent's HTTP bodies carry it).
 *
 * `isInstance` checks a global symbol instead of the prototype chain, so an error
 * thrown by one installed copy of the core is recognised by another.
 */
export class RuntimeEnvError extends Error {
  readonly [marker] = true;
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: RuntimeEnvErrorOptions = {}) {
    super(options.hint ? `${message}\n  hint: ${options.hint}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }

  static isInstance(value: unknown): value is RuntimeEnvError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
