import type { ParseArgsConfig } from 'node:util';

/**
 * Splits `rtenv run [options] [--] COMMAND ARGS...` into rtenv's own arguments and
 * the child's, so `rtenv run python3 -c 'print(1)'` works without `--` and the
 * child's `-c` is never mistaken for an rtenv option.
 */
export function splitAtChildCommand(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { ownArguments: string[]; childCommand: string[] | undefined } {
  const takesValue = new Set<string>();
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (option.short) takesValue.add(`-${option.short}`);
  }

  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index]!;
    if (argument === '--') return { ownArguments: args.slice(0, index), childCommand: args.slice(index + 1) };
    if (!argument.startsWith('-') || argument === '-') {
      return { ownArguments: args.slice(0, index), childCommand: args.slice(index) };
    }
    if (takesValue.has(argument)) index += 1;
  }
  return { ownArguments: [...args], childCommand: [] };
}
