import { readFile } from 'node:fs/promises';
import { defineCommand } from '../arguments/command-definition.js';
import { configOptions } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { findEnvironment } from '../session/find-environment.js';
import { withManager } from '../session/with-manager.js';

export const logsCommand = defineCommand({
  name: 'logs',
  summary: "Print an environment's setup log (what each plugin did while creating it).",
  usage: 'logs ENV',
  details: `ENV is an environment id or a unique prefix of one, as shown by \`rtenv ls\`.

Example:
  rtenv logs 3f2a`,
  options: {
    agent: { type: 'string', valueName: 'URL', description: 'ask the agent at URL instead of opening the local data directory' },
    ...configOptions,
  },
  positionals: { minimum: 1, maximum: 1, names: 'ENV (an environment id or a unique prefix)' },
  async run({ values, positionals, io }) {
    if (values.agent) {
      const { withAgent, printLogThroughAgent } = await import('@runtime-env/client');
      return withAgent(values.agent, io.env, (client) => printLogThroughAgent(client, positionals[0]!, io.stdout));
    }
    return withManager(values, io, async (manager) => {
      const record = findEnvironment(manager, positionals[0]!);
      let text: string;
      try {
        text = await readFile(record.setupLogPath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        io.stderr.write(`rtenv: environment ${record.id} has no setup log (nothing had to be created for it)\n`);
        return ExitCode.ok;
      }
      io.stdout.write(text);
      return ExitCode.ok;
    });
  },
});
