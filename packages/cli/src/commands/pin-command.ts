import { defineCommand } from '../arguments/command-definition.js';
import { configOptions } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { findEnvironment } from '../local/find-environment.js';
import { withManager } from '../local/with-manager.js';

export const pinCommand = definePinCommand(true);
export const unpinCommand = definePinCommand(false);

/** `pin` and `unpin` differ only in the flag they set, so one definition makes both. */
function definePinCommand(pinned: boolean) {
  const name = pinned ? 'pin' : 'unpin';
  return defineCommand({
    name,
    summary: pinned
      ? 'Pin an environment: garbage collection keeps it even when nothing references it.'
      : 'Unpin an environment: garbage collection may collect it again once unreferenced.',
    usage: `${name} ENV [--agent URL]`,
    details: `ENV is an environment id or a unique prefix of one, as shown by \`rtenv ls\`
(its PINNED column shows the pin). An environment must exist to be pinned: to create
and pin environments ahead of time, use \`rtenv prewarm FILE\`.

Example:
  rtenv ${name} 3f2a`,
    options: {
      agent: { type: 'string', valueName: 'URL', description: 'ask the agent at URL instead of opening the local data directory' },
      ...configOptions,
    },
    positionals: { minimum: 1, maximum: 1, names: 'ENV (an environment id or a unique prefix)' },
    async run({ values, positionals, io }) {
      if (values.agent) {
        const [{ withAgent }, { setPinnedThroughAgent }] = await Promise.all([import('@runtime-env/client'), import('../agent/commands-through-agent.js')]);
        return withAgent(values.agent, io.env, (client) => setPinnedThroughAgent(client, positionals[0]!, pinned, io.stdout));
      }
      return withManager(values, io, async (manager) => {
        const record = findEnvironment(manager, positionals[0]!);
        if (pinned) manager.pin(record.id);
        else manager.unpin(record.id);
        io.stdout.write(`${pinned ? 'pinned' : 'unpinned'} ${record.id}\n`);
        return ExitCode.ok;
      });
    },
  });
}
