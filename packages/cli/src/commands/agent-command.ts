import { defineCommand } from '../arguments/command-definition.js';
import { configOptions } from '../arguments/shared-options.js';
import { startRtenvAgent } from '../agent/start-rtenv-agent.js';

export const agentCommand = defineCommand({
  name: 'agent',
  summary: 'Run the per-node agent: an HTTP service that creates, shares and collects environments.',
  usage: 'agent [--host H] [--port N] [--agent-token-file FILE] [--prewarm FILE] [--config FILE] [--data-dir DIR]',
  details: `Binds to 127.0.0.1 by default and prints the address it got (also written to
<data-dir>/agent.json, or --address-file). Any other address requires a bearer
token from --agent-token-file or $RTENV_AGENT_TOKEN. SIGTERM stops accepting, lets
creations finish within --shutdown-grace-seconds, then exits; a restart picks up
from the data directory. The API is described in @runtime-env/agent's README.

Example:
  rtenv agent --port 7071 --prewarm warm.json`,
  options: {
    host: { type: 'string', valueName: 'HOST', description: 'address to bind (default 127.0.0.1)' },
    port: { type: 'string', valueName: 'N', description: 'port (default 0: any free port)' },
    'agent-token-file': { type: 'string', valueName: 'FILE', description: 'file holding the bearer token (mode 600)' },
    'address-file': { type: 'string', valueName: 'FILE', description: 'where to write {"url", "pid"} once listening' },
    'log-file': { type: 'string', valueName: 'FILE', description: 'append the JSON-lines log here instead of stderr' },
    'log-level': { type: 'string', valueName: 'LEVEL', description: 'debug, info (default), warn or error' },
    'shutdown-grace-seconds': { type: 'string', valueName: 'S', description: 'how long creations may finish after SIGTERM (default 30)' },
    prewarm: { type: 'string', valueName: 'FILE', description: 'JSON list of runtime_env documents to create and pin at start' },
    ...configOptions,
  },
  positionals: { minimum: 0, maximum: 0 },
  async run({ values, io }) {
    const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
    const served = await startRtenvAgent(
      {
        config: values.config,
        dataDirectory: values['data-dir'],
        host: values.host,
        port: number(values.port),
        tokenFile: values['agent-token-file'],
        addressFile: values['address-file'],
        logFile: values['log-file'],
        logLevel: values['log-level'] as 'info' | undefined,
        shutdownGraceSeconds: number(values['shutdown-grace-seconds']),
        prewarmFile: values.prewarm,
      },
      io,
    );
    return served.finished;
  },
});
