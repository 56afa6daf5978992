import { readFile } from 'node:fs/promises';
import { defineCommand } from '../arguments/command-definition.js';
import { configOptions } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { findEnvironment } from '../local/find-environment.js';
import { followSetupLog } from '../local/follow-setup-log.js';
import { withManager } from '../local/with-manager.js';

export const logsCommand = defineCommand({
  name: 'logs',
  summary: "Print an environment's setup log (what each plugin did while creating it).",
  usage: 'logs ENV [-f]',
  details: `ENV is an environment id or a unique prefix of one, as shown by \`rtenv ls\`.

With -f (--follow), while the environment is being created, the log is printed as
it grows, and the command returns when the creation ends: exit 0 when it is ready,
3 when it failed or the process creating it died (or gave up). On an environment
already ready or failed, it prints the log and exits at once, with the same codes.
With --agent, it follows the agent's events of the environment.

Examples:
  rtenv logs 3f2a
  rtenv logs -f 3f2a`,
  options: {
    follow: { type: 'boolean', short: 'f', description: 'print the log as it grows until the creation ends; exit 0 ready, 3 failed' },
    agent: { type: 'string', valueName: 'URL', description: 'ask the agent at URL instead of opening the local data directory' },
    ...configOptions,
  },
  positionals: { minimum: 1, maximum: 1, names: 'ENV (an environment id or a unique prefix)' },
  async run({ values, positionals, io }) {
    if (values.agent) {
      const [{ withAgent }, { printLogThroughAgent }, { followLogThroughAgent }] = await Promise.all([
        import('@runtime-env/client'),
        import('../agent/commands-through-agent.js'),
        import('../agent/follow-log-through-agent.js'),
      ]);
      return withAgent(values.agent, io.env, (client) =>
        values.follow
          ? followLogThroughAgent(client, positionals[0]!, { stdout: io.stdout, stderr: io.stderr })
          : printLogThroughAgent(client, positionals[0]!, io.stdout),
      );
    }
    return withManager(values, io, async (manager) => {
      const record = findEnvironment(manager, positionals[0]!);
      if (values.follow) return followSetupLog(manager, record, io);
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
