import { loadConfig, managerOptionsOf, openRuntimeEnvManager, type JsonObject, type LoadConfigOptions } from '@runtime-env/core';
import { JsonLineLogger } from '../logging/json-line-logger.js';
import type { AgentSection } from './agent-settings.js';
import { resolveAgentSettings } from './agent-settings.js';
import { applyHeapMode } from './heap-mode.js';
import { serveAgent, type ServedAgent } from './serve-agent.js';

export interface AgentFlags extends Partial<AgentSection> {
  config?: string;
  dataDirectory?: string;
}

/**
 * How the caller (the CLI) runs the agent: where plugins come from, as the
 * core's config loader takes it, plus what the agent announces as itself.
 */
export interface RunAgentEnvironment
  extends Pick<LoadConfigOptions, 'cwd' | 'env' | 'defaultPlugins' | 'conditions' | 'fallbackSearchDirectories' | 'pluginOptionDefaults'> {
  announce?: (line: string) => void;
  version?: string;
}

/** What `rtenv agent` does: load the config, open the core on the data directory, serve. */
export async function runAgentFromFlags(flags: AgentFlags, environment: RunAgentEnvironment = {}): Promise<ServedAgent> {
  const { announce, version, ...whereFrom } = environment;
  const env = environment.env ?? process.env;
  const config = await loadConfig({ configPath: flags.config, dataDirectoryFlag: flags.dataDirectory, ...whereFrom, env });
  const { config: _config, dataDirectory: _dataDirectory, ...agentFlags } = flags;
  const settings = resolveAgentSettings(config.agent, agentFlags, config.configPath);
  applyHeapMode(settings.heap);
  // The core's own entries go to the same structured log, which redacts them. Below `debug` the core gets no
  // log at all, so it builds no entry: one per hook call, several per creation, each redacted only to be dropped.
  const coreLogger = new JsonLineLogger(process.stderr, settings.logLevel);
  const log = coreLogger.enabled('debug') ? (entry: JsonObject) => coreLogger.debug('core', entry) : undefined;
  const manager = await openRuntimeEnvManager({ ...managerOptionsOf(config), ...(log ? { log } : {}) });
  try {
    return await serveAgent({
      manager,
      settings,
      env,
      budgets: config.budgets,
      ...(announce ? { announce } : {}),
      ...(version ? { version } : {}),
    });
  } catch (error) {
    await manager.close();
    throw error;
  }
}
