import type { CommandDefinition } from '../arguments/command-definition.js';

export interface CommandEntry {
  name: string;
  /** Repeated here so `rtenv --help` lists commands without loading any of them. */
  summary: string;
  // Each command has its own option types; the table only needs to run them.
  // biome-ignore lint/suspicious/noExplicitAny: a table of commands, each with its own option types
  load(): Promise<CommandDefinition<any>>;
}

export function findCommand(table: readonly CommandEntry[], name: string): CommandEntry | undefined {
  return table.find((entry) => entry.name === name);
}
