/**
 * The `rtenv run` command that asks for the same environment. The document is the
 * masked one the agent shows: env_vars values read `***` and must be filled in.
 */
export function reproduceCommand(runtimeEnv: Readonly<Record<string, unknown>>): string {
  return `rtenv run --runtime-env ${shellQuote(JSON.stringify(runtimeEnv))} -- python3 -c 'print("ok")'`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
