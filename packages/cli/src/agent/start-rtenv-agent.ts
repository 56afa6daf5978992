import type { AgentFlags, ServedAgent } from '@runtime-env/agent';
import type { CliIo } from '../cli-io.js';
import { cliVersion } from '../cli-version.js';
import { loadInstalledFirstPartyPlugins } from '../config/first-party-plugins.js';
import { cliPackageDirectory } from '../config/plugin-resolution.js';

/**
 * Options the agent gives first-party plugins unless the config says otherwise:
 * those only a long-lived process should have. The container plugin keeps, in
 * the agent's memory, a started container per recently launched plan for the
 * next launch, and removes them all when the agent stops; a short-lived command
 * (`rtenv run`) never leaves one behind.
 */
export const agentPluginOptionDefaults: Record<string, Record<string, unknown>> = {
  '@runtime-env/plugin-container': { standby: 'in-process' },
};

/** Starts the agent as `rtenv agent` does: the installed first-party plugins, found from the CLI's installation. */
export async function startRtenvAgent(flags: AgentFlags, io: CliIo): Promise<ServedAgent> {
  // Imported here: every other command would pay for loading the agent's HTTP server.
  const { runAgentFromFlags } = await import('@runtime-env/agent');
  return runAgentFromFlags(flags, {
    cwd: io.cwd,
    env: io.env,
    defaultPlugins: () => loadInstalledFirstPartyPlugins(),
    fallbackSearchDirectories: [cliPackageDirectory],
    pluginOptionDefaults: agentPluginOptionDefaults,
    announce: (line) => io.stdout.write(`${line}\n`),
    version: cliVersion(),
  });
}
