import { defineCommand } from '../arguments/command-definition.js';
import { configOptions, jsonOption } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { writeGcReport } from '../output/gc-report.js';
import { withManager } from '../local/with-manager.js';

export const gcCommand = defineCommand({
  name: 'gc',
  summary: 'Evict unreferenced URIs beyond the budgets, least recently used first.',
  usage: 'gc [--dry-run] [--all] [--json]',
  details: `Without --all, only what the budgets of rtenv.config.json require is evicted
(and failed leftovers). With --all, every URI no live process references goes.
--dry-run prints what would be removed and removes nothing.

Example:
  rtenv gc --all --dry-run`,
  options: {
    'dry-run': { type: 'boolean', short: 'n', description: 'show what would be removed, remove nothing' },
    all: { type: 'boolean', description: 'remove every unreferenced URI, not only what the budgets require' },
    ...jsonOption,
    agent: { type: 'string', valueName: 'URL', description: 'ask the agent at URL instead of opening the local data directory' },
    ...configOptions,
  },
  positionals: { minimum: 0, maximum: 0 },
  async run({ values, io }) {
    if (values.agent) {
      const [{ withAgent }, { collectThroughAgent }] = await Promise.all([import('@runtime-env/client'), import('../agent/commands-through-agent.js')]);
      return withAgent(values.agent, io.env, (client) =>
        collectThroughAgent(client, { dryRun: values['dry-run'] === true, all: values.all === true, json: values.json === true }, io.stdout),
      );
    }
    return withManager(values, io, async (manager) => {
      writeGcReport(await manager.gc({ dryRun: values['dry-run'] === true, all: values.all === true }), { json: values.json === true }, io.stdout);
      return ExitCode.ok;
    });
  },
});
