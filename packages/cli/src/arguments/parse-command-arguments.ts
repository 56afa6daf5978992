import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors/usage-error.js';
import type { CommandDefinition, OptionSpecs, OptionValues } from './command-definition.js';
import { splitAtChildCommand } from './split-at-child-command.js';

export interface ParsedCommandArguments<Specs extends OptionSpecs> {
  values: OptionValues<Specs>;
  positionals: string[];
  helpRequested: boolean;
}

const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

/** Parses one command's arguments strictly; every mistake becomes a `UsageError` naming the command. */
export function parseCommandArguments<Specs extends OptionSpecs>(
  command: Pick<CommandDefinition<Specs>, 'name' | 'options' | 'positionals' | 'passThroughAfterFirstPositional'>,
  args: readonly string[],
): ParsedCommandArguments<Specs> {
  const options = toParseArgsOptions(command.options);
  const { ownArguments, childCommand } = command.passThroughAfterFirstPositional
    ? splitAtChildCommand(args, options)
    : { ownArguments: [...args], childCommand: undefined };

  let parsed;
  try {
    parsed = parseArgs({ args: ownArguments, options, strict: true, allowPositionals: childCommand === undefined });
  } catch (error) {
    throw new UsageError(describeParseFailure(error), command.name);
  }
  const { help, ...values } = parsed.values as Record<string, unknown>;
  const positionals = childCommand ?? parsed.positionals;
  if (help === true) return { values: values as OptionValues<Specs>, positionals, helpRequested: true };

  const { minimum, maximum, names } = command.positionals;
  if (positionals.length < minimum) {
    throw new UsageError(`\`rtenv ${command.name}\` needs ${names ?? `${minimum} argument(s)`}`, command.name);
  }
  if (positionals.length > maximum) {
    const unexpected = positionals
      .slice(maximum)
      .map((word) => JSON.stringify(word))
      .join(' ');
    throw new UsageError(`\`rtenv ${command.name}\` got unexpected argument(s) ${unexpected}`, command.name);
  }
  return { values: values as OptionValues<Specs>, positionals, helpRequested: false };
}

function toParseArgsOptions(specs: OptionSpecs): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { ...helpOption };
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  return options;
}

/** node:util's messages are good but mention its own API; keep the first sentence. */
function describeParseFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('. To specify a positional argument')[0] ?? message;
}
