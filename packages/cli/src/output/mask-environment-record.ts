import { maskUrlCredentialsIn } from '@runtime-env/core/plugin';
import type { EnvironmentRecord } from '@runtime-env/core';

/**
 * A record as `rtenv ls --json` prints it: the values of `env_vars` (which may be
 * tokens) become `***`, in the document and in the launch context alike. The names
 * stay, so a reader still sees which variables are set. The credentials of every
 * URL in it (a pip index, a working_dir source) are masked too.
 */
export function maskEnvironmentRecord<Shown extends EnvironmentRecord>(record: Shown): Shown {
  const variables = record.runtimeEnv.env_vars;
  if (typeof variables !== 'object' || variables === null) return maskUrlCredentialsIn(record);
  const names = Object.keys(variables);
  const masked = Object.fromEntries(names.map((name) => [name, '***']));
  const runtimeEnv = { ...record.runtimeEnv, env_vars: masked };
  if (!record.context) return maskUrlCredentialsIn({ ...record, runtimeEnv });
  const envVars = { ...record.context.envVars };
  for (const name of names) if (name in envVars) envVars[name] = '***';
  return maskUrlCredentialsIn({ ...record, runtimeEnv, context: { ...record.context, envVars } });
}
