import type { JsonValue } from '../contract/json.js';

/**
 * How to start a process inside an environment. Plugins edit it in `modifyContext`;
 * `launchProcess` (or the plugin named in `launcher`) turns it into a process.
 *
 * It is plain JSON on purpose: the agent sends it over HTTP to a client that may run
 * the process on its own, and a client without the plugin's SDK must still be able
 * to act on it (the container plugin, for example, can be turned into `docker run`).
 */
export interface LaunchContext {
  /**
   * Variables to set. Values may reference the launching process's variables as
   * `$NAME` or `${NAME}`, expanded at launch against the launching process's
   * environment with Ray's rules (see `expandVariables`: an unset upper-case
   * `${NAME}` becomes empty, other unknown references stay as written).
   */
  envVars: Record<string, string>;
  /**
   * Directories to put in front of path-list variables (`PATH`, `PYTHONPATH`,
   * `LD_LIBRARY_PATH`...). At launch each list is joined with `:` in front of the
   * variable's value after `envVars` were applied, skipping empty parts, so no plugin
   * has to guess whether the variable was already set.
   */
  pathPrepends: Record<string, string[]>;
  /** The process's working directory; the caller's when absent. */
  workingDirectory?: string;
  /**
   * The Python interpreter of the environment. When the command's first word is
   * `python` or `python3`, it is replaced by this path.
   */
  pythonExecutable?: string;
  /** Words put in front of the command (for example a wrapper script). */
  commandPrefix: string[];
  /** The plugin whose `launch` hook starts the process; the core spawns it when absent. */
  launcher?: string;
  /** Data a plugin keeps for its own `launch` hook or for clients, keyed by plugin name. */
  pluginData: Record<string, JsonValue>;
}

export function emptyLaunchContext(): LaunchContext {
  return { envVars: {}, pathPrepends: {}, commandPrefix: [], pluginData: {} };
}

/**
 * Puts `directories` in front of the path list `variable`, keeping what earlier
 * plugins put there behind them (the plugin that runs later wins, as in Ray).
 */
export function prependToPathList(context: LaunchContext, variable: string, directories: readonly string[]): void {
  const existing = context.pathPrepends[variable] ?? [];
  const merged = [...directories, ...existing.filter((entry) => !directories.includes(entry))];
  context.pathPrepends[variable] = merged;
}
