// `ctx.runProcess`, the way `create` starts child processes: apart from the
// contract because a plugin author reads it only when starting one.

export interface RunProcessOptions {
  cwd?: string;
  /** The complete environment of the child (not merged with `process.env`); absent: it inherits `process.env`. */
  env?: Record<string, string | undefined>;
  /** Each line of stdout and stderr, after it was written to the setup log. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Text written to the child's stdin, which is closed afterwards. */
  input?: string;
  /** Values to mask as `***` in the setup log; the runtime_env's `env_vars` always are. */
  secrets?: readonly string[];
}

export interface RunProcessResult {
  exitCode: number | null;
  signal: string | null;
  /** The last lines of combined output, for error messages. */
  outputTail: string[];
}

/**
 * Runs a child in its own process group. When `ctx.signal` fires the group is
 * killed (SIGTERM, then SIGKILL) and the call settles only once no member runs;
 * when the creating process dies, even by SIGKILL, a watchdog kills the group.
 * The child's environment carries `RTENV_SETUP_CREATOR` (its creator's pid and
 * start time), by which a later engine finds and kills what outlived a dead creator.
 */
export type RunProcess = (file: string, args: readonly string[], options?: RunProcessOptions) => Promise<RunProcessResult>;
