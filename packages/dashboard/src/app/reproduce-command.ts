/** What a failed environment adds to its command: the `config` it was made with, which the engine keeps apart from the document. */
export interface FailedWith {
  config: Readonly<Record<string, unknown>>;
}

/**
 * The `rtenv run` command that asks for the same environment. The document is the
 * masked one the agent shows: env_vars values read `***` and must be filled in.
 * For a failed one it also gives the `config` (a `setup_timeout_seconds` decides
 * whether it fails again, and the engine replays a failure only under the same
 * config) and `--retry`, so that it is tried again rather than the remembered
 * failure replayed.
 */
export function reproduceCommand(runtimeEnv: Readonly<Record<string, unknown>>, failed?: FailedWith): string {
  const document = failed === undefined ? runtimeEnv : { ...runtimeEnv, config: failed.config };
  return `rtenv run${failed === undefined ? '' : ' --retry'} --runtime-env ${shellQuote(JSON.stringify(document))} -- python3 -c 'print("ok")'`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
