import { UsageError } from '../errors/usage-error.js';

/** For options a command cannot do without; parseArgs has no notion of a required option. */
export function requireOption(value: string | undefined, option: string, command: string): string {
  if (value === undefined) throw new UsageError(`\`rtenv ${command}\` needs ${option}`, command);
  return value;
}
