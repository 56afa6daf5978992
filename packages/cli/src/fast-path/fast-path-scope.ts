import type { CliIo } from '../cli-io.js';
import { cliVersion } from '../cli-version.js';
import { pluginResolutionConditions } from '../config/plugin-resolution.js';

/** Bump when what goes into the scope changes meaning. */
const SCOPE_FORMAT = 2;

/**
 * The scope the engine records this invocation's documents under, and the fast
 * path looks them up in: what decides a document's meaning besides the document
 * and the files the engine loaded (whose content each record holds for itself).
 * - the config file's path (its content is among the loaded files);
 * - the current directory, since a schema may resolve relative paths against it;
 * - the CLI's version (it chooses the default plugins) and the conditions it
 *   resolves plugins with (sources or builds).
 */
export function fastPathScopeOf(configPath: string | undefined, io: CliIo): string {
  const identity = { format: SCOPE_FORMAT, cli: cliVersion(), conditions: pluginResolutionConditions, cwd: io.cwd, config: configPath ?? null };
  // Kept readable, not digested: the record's key digests it with the document (one digest per run).
  return `cli/${JSON.stringify(identity)}`;
}
