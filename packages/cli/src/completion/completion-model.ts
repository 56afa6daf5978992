import type { CommandDefinition, OptionSpec, OptionSpecs } from '../arguments/command-definition.js';
import type { CommandEntry } from '../commands/command-entry.js';

/** What a word may be: the shells complete file names, folder names, commands or listed choices. */
export type CompletedValue = { kind: 'file' | 'directory' | 'text' | 'command' | 'none' } | { kind: 'choices'; choices: readonly string[] };

export interface CompletedOption {
  /** `-n` and `--dry-run`; the long name last. */
  names: string[];
  description: string;
  /** The option's value, when it takes one. */
  value?: { name: string; completion: CompletedValue };
  repeatable: boolean;
}

export interface CompletedCommand {
  name: string;
  summary: string;
  options: CompletedOption[];
  arguments: CompletedValue;
}

/** What every shell's script is generated from, so the three complete the same words. */
export interface CompletionModel {
  commands: CompletedCommand[];
  /** Options that come before any command (`rtenv --version`). */
  globalOptions: CompletedOption[];
}

const helpOption: CompletedOption = { names: ['-h', '--help'], description: 'show this help', repeatable: false };

/** Loads every command of the table (only `rtenv completion` pays for that) and describes them. */
export async function loadCompletionModel(table: readonly CommandEntry[]): Promise<CompletionModel> {
  const definitions = await Promise.all(table.map((entry) => entry.load()));
  const commands = definitions.map((definition, index) => completedCommand(definition, table[index]!.summary));
  // `rtenv help CMD` is handled before the table, so it is described here.
  commands.push({
    name: 'help',
    summary: 'Show the help of a command',
    options: [],
    arguments: { kind: 'choices', choices: table.map((entry) => entry.name) },
  });
  return {
    commands,
    globalOptions: [helpOption, { names: ['-V', '--version'], description: "print rtenv's version", repeatable: false }],
  };
}

function completedCommand(definition: CommandDefinition<OptionSpecs>, summary: string): CompletedCommand {
  const options = Object.entries(definition.options).map(([name, spec]) => completedOption(name, spec));
  return { name: definition.name, summary, options: [...options, helpOption], arguments: argumentsOf(definition) };
}

function completedOption(name: string, spec: OptionSpec): CompletedOption {
  const option: CompletedOption = {
    names: spec.short ? [`-${spec.short}`, `--${name}`] : [`--${name}`],
    description: spec.description,
    repeatable: spec.multiple === true,
  };
  if (spec.type === 'string') {
    const valueName = spec.valueName ?? 'VALUE';
    option.value = { name: valueName, completion: completionOfName(valueName) };
  }
  return option;
}

function argumentsOf(definition: CommandDefinition<OptionSpecs>): CompletedValue {
  const { maximum, names, choices } = definition.positionals;
  if (maximum === 0) return { kind: 'none' };
  if (choices) return { kind: 'choices', choices };
  if (definition.passThroughAfterFirstPositional) return { kind: 'command' };
  return completionOfName(names?.split(' ')[0] ?? '');
}

/** By the name help shows (`--config FILE`, `pack DIR`): the only hint the definitions give. */
function completionOfName(name: string): CompletedValue {
  if (name === 'FILE') return { kind: 'file' };
  if (name === 'DIR') return { kind: 'directory' };
  return { kind: 'text' };
}
