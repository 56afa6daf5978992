import path from 'node:path';
import { defineCommand } from '../arguments/command-definition.js';
import { jsonOption } from '../arguments/shared-options.js';
import { UsageError } from '../errors/usage-error.js';

export const prewarmCommand = defineCommand({
  name: 'prewarm',
  summary: 'Ask an agent to create a list of environments ahead of time and pin them.',
  usage: 'prewarm FILE --agent URL [--json]',
  details: `FILE is a JSON list of runtime_env documents (or {"environments": [...]}).
Each is created and pinned, so garbage collection keeps it until unpinned. Exits 3
when any of them failed; the others are still created. The token, when the agent
needs one, comes from $RTENV_AGENT_TOKEN.

Example:
  rtenv prewarm warm.json --agent http://127.0.0.1:7071`,
  options: {
    agent: { type: 'string', valueName: 'URL', description: 'the agent to ask (required)' },
    ...jsonOption,
  },
  positionals: { minimum: 1, maximum: 1, names: 'FILE' },
  async run({ values, positionals, io }) {
    if (!values.agent) throw new UsageError('`rtenv prewarm` needs --agent URL (start one with `rtenv agent`)', 'prewarm');
    const [{ readPrewarmFile }, { connectToAgent, prewarmThroughAgent }] = await Promise.all([import('@runtime-env/agent'), import('@runtime-env/client')]);
    const documents = await readPrewarmFile(path.resolve(io.cwd, positionals[0]!));
    const client = connectToAgent(values.agent, io.env);
    try {
      return await prewarmThroughAgent(client, documents, { json: values.json === true }, io.stdout);
    } finally {
      client.close();
    }
  },
});
