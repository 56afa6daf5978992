// The one table of rtenv's commands. Each entry loads its module only when run, so
// `rtenv run` does not pay for the code of `gc` or `plugins`. To add a command, add
// a line here and a file beside this one that exports a `defineCommand(...)`.
import type { CommandEntry } from './command-entry.js';

export type { CommandEntry } from './command-entry.js';

export const commandTable: readonly CommandEntry[] = [
  { name: 'run', summary: 'Create (or reuse) an environment and run a command in it', load: async () => (await import('./run-command.js')).runCommand },
  { name: 'validate', summary: 'Check a runtime_env and print it normalized', load: async () => (await import('./validate-command.js')).validateCommand },
  { name: 'merge', summary: "Merge a task's runtime_env over its job's, as Ray does", load: async () => (await import('./merge-command.js')).mergeCommand },
  { name: 'hash', summary: "Print a runtime_env's environment id and URIs", load: async () => (await import('./hash-command.js')).hashCommand },
  { name: 'plugins', summary: 'List the loaded plugins and the fields they own', load: async () => (await import('./plugins-command.js')).pluginsCommand },
  { name: 'ls', summary: 'List the environments in the data directory', load: async () => (await import('./ls-command.js')).lsCommand },
  { name: 'logs', summary: "Print an environment's setup log", load: async () => (await import('./logs-command.js')).logsCommand },
  { name: 'rm', summary: 'Remove an environment and the URIs only it uses', load: async () => (await import('./rm-command.js')).rmCommand },
  { name: 'pin', summary: 'Keep an environment through garbage collection', load: async () => (await import('./pin-command.js')).pinCommand },
  { name: 'unpin', summary: 'Let garbage collection take an environment again', load: async () => (await import('./pin-command.js')).unpinCommand },
  { name: 'gc', summary: 'Evict unused URIs per the budgets (or all of them)', load: async () => (await import('./gc-command.js')).gcCommand },
  { name: 'lock', summary: 'Print the exact packages an environment installed', load: async () => (await import('./lock-command.js')).lockCommand },
  { name: 'pack', summary: 'Pack a folder into the working_dir store and print its URI', load: async () => (await import('./pack-command.js')).packCommand },
  { name: 'agent', summary: 'Run the per-node agent (HTTP service for many clients)', load: async () => (await import('./agent-command.js')).agentCommand },
  {
    name: 'prewarm',
    summary: 'Create and pin environments ahead of time (locally or through an agent)',
    load: async () => (await import('./prewarm-command.js')).prewarmCommand,
  },
  {
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    load: async () => (await import('./completion-command.js')).completionCommand,
  },
  {
    name: 'config-schema',
    summary: 'Print the JSON Schema of rtenv.config.json',
    load: async () => (await import('./config-schema-command.js')).configSchemaCommand,
  },
];
