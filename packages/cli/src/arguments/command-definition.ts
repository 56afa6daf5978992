import type { CliIo } from '../cli-io.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help after the option name (`--config FILE`). */
  valueName?: string;
  description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed value of each option, typed from its spec. */
export type OptionValues<Specs extends OptionSpecs> = {
  [Name in keyof Specs]?: Specs[Name]['type'] extends 'boolean' ? boolean : Specs[Name]['multiple'] extends true ? string[] : string;
};

export interface CommandInvocation<Specs extends OptionSpecs> {
  values: OptionValues<Specs>;
  positionals: string[];
  io: CliIo;
}

export interface CommandDefinition<Specs extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line, for `rtenv --help`. */
  summary: string;
  /** The synopsis after `rtenv`, for example `rm ENV [--force]`. */
  usage: string;
  /** Paragraphs and examples for `rtenv CMD --help`. */
  details?: string;
  options: Specs;
  /**
   * How many positional arguments the command takes; `choices`, when the only
   * values are known (shell completion offers them).
   */
  positionals: { minimum: number; maximum: number; names?: string; choices?: readonly string[] };
  /**
   * Everything from the first positional on belongs to a child command (`run`),
   * so its options are not parsed as rtenv's.
   */
  passThroughAfterFirstPositional?: boolean;
  /** Returns the exit code. */
  run(invocation: CommandInvocation<Specs>): Promise<number>;
}

/** Identity function that types each command's `values` from its option specs. */
export function defineCommand<Specs extends OptionSpecs>(definition: CommandDefinition<Specs>): CommandDefinition<Specs> {
  return definition;
}
