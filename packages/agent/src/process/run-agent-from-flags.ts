import { loadConfig, managerOptionsOf, openRuntimeEnvManager, type LoadedPlugin } from '@runtime-env/core';
import { redactSecrets } from '../logging/redact-secrets.js';
import { JsonLineLogger } from '../logging/json-line-logger.js';
import type { AgentSection } from './agent-settings.js';
import { resolveAgentSettings } from './agent-settings.js';
import { applyHeapMode } from './heap-mode.js';
import { serveAgent, type ServedAgent } from './serve-agent.js';

export interface AgentFlags extends Partial<AgentSection> {
  config?: string;
  dataDirectory?: string;
}

export interface RunAgentEnvironment {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** The plugins to use when the config names none (the CLI passes the installed first-party ones). */
  defaultPlugins?: () => Promise<LoadedPlugin[]>;
  /** Export conditions for resolving plugin packages named in the config. */
  conditions?: readonly string[];
  /** Where package names in the config are looked for after its folder and the cwd (the CLI's installation). */
  fallbackSearchDirectories?: readonly string[];
  /**
   * Plugin options the agent sets unless the config sets them, by field or
   * package (as `pluginOptions`): those that only a long-lived process should
   * have. The CLI passes its first-party plugins' (the container plugin keeps standbys).
   */
  pluginOptionDefaults?: Record<string, Record<string, unknown>>;
  announce?: (line: string) => void;
  version?: string;
}

/** What `rtenv agent` does: load the config, open the core on the data directory, serve. */
export async function runAgentFromFlags(flags: AgentFlags, environment: RunAgentEnvironment = {}): Promise<ServedAgent> {
  const env = environment.env ?? process.env;
  const config = await loadConfig({
    configPath: flags.config,
    dataDirectoryFlag: flags.dataDirectory,
    ...(environment.cwd ? { cwd: environment.cwd } : {}),
    env,
    ...(environment.defaultPlugins ? { defaultPlugins: environment.defaultPlugins } : {}),
    ...(environment.conditions ? { conditions: environment.conditions } : {}),
    ...(environment.fallbackSearchDirectories ? { fallbackSearchDirectories: environment.fallbackSearchDirectories } : {}),
    ...(environment.pluginOptionDefaults ? { pluginOptionDefaults: environment.pluginOptionDefaults } : {}),
  });
  const { config: _config, dataDirectory: _dataDirectory, ...agentFlags } = flags;
  const settings = resolveAgentSettings(config.agent, agentFlags, config.configPath);
  applyHeapMode(settings.heap);
  // The core's own entries go to the same structured log, through the same redaction.
  const coreLogger = new JsonLineLogger(process.stderr, settings.logLevel);
  const manager = await openRuntimeEnvManager({ ...managerOptionsOf(config), log: (entry) => coreLogger.debug('core', redactSecrets(entry)) });
  try {
    return await serveAgent({
      manager,
      settings,
      env,
      budgets: config.budgets,
      ...(environment.announce ? { announce: environment.announce } : {}),
      ...(environment.version ? { version: environment.version } : {}),
    });
  } catch (error) {
    await manager.close();
    throw error;
  }
}
