import { createHash } from 'node:crypto';
import { cliVersion } from '../cli-version.js';
import type { CliIo } from '../cli-io.js';
import { locateConfig, type ConfigLocation } from './config-location.js';
import { fingerprintOfEntry, type PluginFingerprint } from './plugin-fingerprint.js';
import { cliPackageDirectory, firstPartyPluginPackages, pluginResolutionConditions } from '../config/plugin-resolution.js';

/** Bump when what goes into the namespace changes meaning. */
const NAMESPACE_FORMAT = 1;
/** The conditions the core resolves config entries with (the CLI passes none for them). */
export const configEntryConditions = ['node', 'import'];

/**
 * The document memo's namespace for this invocation: a digest of everything that
 * could make the same raw document name another environment, computed without
 * importing a plugin. The engine records a document only when every plugin in it
 * hashes purely (its URIs depend on the spec and the plugin's version alone), so
 * what remains is what decides the normalized spec and those versions:
 * - the config file's exact bytes (plugin list, plugin options, budgets...);
 * - each plugin entry's resolved `package.json`, version and entry file's content
 *   digest, or a local plugin file's path and content digest;
 * - the CLI's version, the core's (as a plugin's above: it computes environment
 *   ids and validates), and whether the CLI runs from sources;
 * - the current directory, since a schema may resolve relative paths against it.
 * Any change to one of them gives a new namespace, where the engine's path is
 * taken once and records the document again. Undefined when the config's plugin
 * list has a shape only the engine can judge.
 */
export function documentMemoNamespaceOf(location: ConfigLocation, cwd: string): string | undefined {
  const plugins = pluginFingerprints(location, cwd);
  if (!plugins) return undefined;
  const identity = {
    format: NAMESPACE_FORMAT,
    cli: cliVersion(),
    core: fingerprintOfEntry('@runtime-env/core', [cliPackageDirectory], pluginResolutionConditions),
    conditions: pluginResolutionConditions,
    cwd,
    config: location.configPath === undefined ? null : { path: location.configPath, sha256: createHash('sha256').update(location.bytes!).digest('hex') },
    plugins,
  };
  return `cli/${createHash('sha256').update(JSON.stringify(identity)).digest('hex')}`;
}

function pluginFingerprints(location: ConfigLocation, cwd: string): PluginFingerprint[] | undefined {
  // As `loadConfig`: a config with a `plugins` list loads exactly those; otherwise the installed first-party ones.
  if (location.plugins === undefined) {
    return firstPartyPluginPackages.map((packageName) => fingerprintOfEntry(packageName, [cliPackageDirectory], pluginResolutionConditions));
  }
  if (!Array.isArray(location.plugins)) return undefined;
  // As `loadConfig` with the CLI's fallback: the config's folder, the cwd, then the CLI's installation.
  const searchDirectories = [...new Set([location.configDirectory, cwd, cliPackageDirectory])];
  const fingerprints: PluginFingerprint[] = [];
  for (const entry of location.plugins as unknown[]) {
    const specifier = typeof entry === 'string' ? entry : Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : undefined;
    if (specifier === undefined) return undefined;
    fingerprints.push(fingerprintOfEntry(specifier, searchDirectories, configEntryConditions));
  }
  return fingerprints;
}

/** The namespace of this invocation (undefined: the config needs the engine's check, record nothing). */
export function documentMemoNamespaceFor(values: { config?: string; 'data-dir'?: string }, io: CliIo): string | undefined {
  const location = locateConfig(values, io);
  return location && documentMemoNamespaceOf(location, io.cwd);
}

/** The namespace again, after the engine read the config: unchanged means the memo describes what it loaded. */
export function confirmedNamespace(values: { config?: string; 'data-dir'?: string }, io: CliIo, namespace: string | undefined): string | undefined {
  return namespace !== undefined && documentMemoNamespaceFor(values, io) === namespace ? namespace : undefined;
}
