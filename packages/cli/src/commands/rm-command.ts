import { defineCommand } from '../arguments/command-definition.js';
import { configOptions } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { formatBytes } from '@runtime-env/plugin-api/format';
import { findEnvironment } from '../local/find-environment.js';
import { withManager } from '../local/with-manager.js';

export const rmCommand = defineCommand({
  name: 'rm',
  summary: 'Remove an environment and the URIs no other environment uses.',
  usage: 'rm ENV [--force]',
  details: `Refuses while a process holds a reference to the environment (exit 2) unless
--force is given. ENV is an environment id or a unique prefix of one.

Example:
  rtenv rm 3f2a`,
  options: {
    force: { type: 'boolean', description: 'remove even while references are held' },
    agent: { type: 'string', valueName: 'URL', description: 'ask the agent at URL instead of opening the local data directory' },
    ...configOptions,
  },
  positionals: { minimum: 1, maximum: 1, names: 'ENV (an environment id or a unique prefix)' },
  async run({ values, positionals, io }) {
    if (values.agent) {
      const [{ withAgent }, { removeThroughAgent }] = await Promise.all([import('@runtime-env/client'), import('../agent/commands-through-agent.js')]);
      return withAgent(values.agent, io.env, (client) => removeThroughAgent(client, positionals[0]!, { force: values.force === true }, io.stdout));
    }
    return withManager(values, io, async (manager) => {
      const record = findEnvironment(manager, positionals[0]!);
      const { bytesFreed } = await manager.remove(record.id, { force: values.force === true });
      io.stdout.write(`removed ${record.id} (${formatBytes(bytesFreed)} freed)\n`);
      return ExitCode.ok;
    });
  },
});
