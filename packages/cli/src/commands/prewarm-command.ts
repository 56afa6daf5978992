import path from 'node:path';
import { defineCommand } from '../arguments/command-definition.js';
import { configOptions, jsonOption } from '../arguments/shared-options.js';
import { prewarmLocally } from '../local/prewarm-locally.js';
import { withManager } from '../local/with-manager.js';

export const prewarmCommand = defineCommand({
  name: 'prewarm',
  summary: 'Create a list of environments ahead of time and pin them (locally or through an agent).',
  usage: 'prewarm FILE [--agent URL] [--json]',
  details: `FILE is a JSON list of runtime_env documents (or {"environments": [...]}).
Each is created in the data directory (or by the agent at --agent URL) and pinned,
so garbage collection keeps it until \`rtenv unpin\`. Prints one line per document;
exits 3 when any of them failed, the others still created. Locally, relative paths
mean the current folder, as for \`rtenv run\`; an agent refuses them. The token,
when the agent needs one, comes from $RTENV_AGENT_TOKEN.

Examples:
  rtenv prewarm warm.json
  rtenv prewarm warm.json --agent http://127.0.0.1:7071`,
  options: {
    agent: { type: 'string', valueName: 'URL', description: 'ask the agent at URL instead of creating in the local data directory' },
    ...jsonOption,
    ...configOptions,
  },
  positionals: { minimum: 1, maximum: 1, names: 'FILE' },
  async run({ values, positionals, io }) {
    const [{ readPrewarmFile }, { withAgent }, { prewarmThroughAgent }, { writePrewarmResults }] = await Promise.all([
      import('@runtime-env/agent'),
      import('@runtime-env/client'),
      import('../agent/commands-through-agent.js'),
      import('../output/prewarm-results.js'),
    ]);
    const documents = await readPrewarmFile(path.resolve(io.cwd, positionals[0]!));
    const options = { json: values.json === true };
    if (values.agent) return withAgent(values.agent, io.env, (client) => prewarmThroughAgent(client, documents, options, io.stdout));
    return withManager(values, io, async (manager) => writePrewarmResults(await prewarmLocally(manager, documents), options, io.stdout));
  },
});
