#!/usr/bin/env node
// `rtenv-agent`: the agent as its own executable, for nodes that run only the agent
// (`rtenv agent` in @runtime-env/cli does the same with the first-party plugins).
import { parseArgs } from 'node:util';
import { RuntimeEnvError } from '@runtime-env/core';
import { runAgentFromFlags } from '../process/run-agent-from-flags.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'agent-token-file': { type: 'string' },
    'address-file': { type: 'string' },
    'log-file': { type: 'string' },
    'log-level': { type: 'string' },
    'shutdown-grace-seconds': { type: 'string' },
    prewarm: { type: 'string' },
  },
  strict: true,
});

try {
  const served = await runAgentFromFlags(
    {
      ...(values.config ? { config: values.config } : {}),
      ...(values['data-dir'] ? { dataDirectory: values['data-dir'] } : {}),
      ...(values.host ? { host: values.host } : {}),
      ...(values.port ? { port: Number(values.port) } : {}),
      ...(values['agent-token-file'] ? { tokenFile: values['agent-token-file'] } : {}),
      ...(values['address-file'] ? { addressFile: values['address-file'] } : {}),
      ...(values['log-file'] ? { logFile: values['log-file'] } : {}),
      ...(values['log-level'] ? { logLevel: values['log-level'] as 'info' } : {}),
      ...(values['shutdown-grace-seconds'] ? { shutdownGraceSeconds: Number(values['shutdown-grace-seconds']) } : {}),
      ...(values.prewarm ? { prewarmFile: values.prewarm } : {}),
    },
    import.meta.url.endsWith('.ts') ? { conditions: ['source', 'node', 'import'] } : {},
  );
  process.exitCode = await served.finished;
} catch (error) {
  process.stderr.write(`rtenv-agent: ${RuntimeEnvError.isInstance(error) ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
