import type { CommandEntry } from './commands/command-entry.js';

export function formatGlobalHelp(table: readonly CommandEntry[]): string {
  const width = Math.max(...table.map((entry) => entry.name.length)) + 2;
  return [
    'Usage: rtenv COMMAND [OPTIONS]',
    '',
    'Reproducible runtime environments for processes, from a Ray-style runtime_env document.',
    '',
    'Commands:',
    ...table.map((entry) => `  ${entry.name.padEnd(width)}${entry.summary}`),
    '',
    'Run `rtenv COMMAND --help` for the options of one command.',
    'Exit codes: 0 ok, 1 unexpected error, 2 invalid input or usage, 3 environment setup failed, 4 not found;',
    "`rtenv run` exits with its command's code (128+N when a signal N ended it).",
    '',
  ].join('\n');
}
