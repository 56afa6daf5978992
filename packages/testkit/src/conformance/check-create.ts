import { ConformanceFailure } from './conformance-failure.js';
import { compareSnapshots, isInside, type DirectorySnapshot } from './directory-snapshot.js';
import type { CreateObservation } from './observe-create.js';
import { writablePathsOf } from './observe-create.js';
import type { PluginHarness } from './plugin-harness.js';
import { isProcessGroupAlive } from './run-child-process.js';

const LISTED_PATHS = 10;

/** `create` wrote nothing in the data directory outside its URI directories and the plugin directory. */
export function checkCreateConfined(harness: PluginHarness, observation: CreateObservation): void {
  checkOnlyAllowedChanges(
    harness,
    'create writes only inside its directory',
    observation.before,
    observation.after,
    writablePathsOf(harness, observation.uris),
  );
}

export function checkOnlyAllowedChanges(
  harness: PluginHarness,
  check: string,
  before: DirectorySnapshot,
  after: DirectorySnapshot,
  allowed: readonly string[],
): void {
  const outside = compareSnapshots(before, after).filter((change) => !allowed.some((path) => isInside(change.path, path)));
  if (outside.length === 0) return;
  const listed = outside.slice(0, LISTED_PATHS).map((change) => `${change.change} ${change.path}`);
  throw new ConformanceFailure(
    harness.plugin.name,
    check,
    `changed ${outside.length} path(s) of the data directory outside ${JSON.stringify(allowed)}: ${listed.join(', ')}`,
    'write only in ctx.directory (this URI) and ctx.pluginDirectory (caches shared between URIs)',
  );
}

/**
 * Nothing on the console, and no `env_vars` value in what reached the logger or
 * the progress reporter: those end up in setup logs, terminals and HTTP bodies.
 */
export function checkQuietAndSecretFree(harness: PluginHarness, observation: CreateObservation): void {
  const { name } = harness.plugin;
  if (observation.consoleWrites.length > 0) {
    throw new ConformanceFailure(
      name,
      'never writes to the console',
      `wrote ${JSON.stringify(observation.consoleWrites.slice(0, 3))}`,
      'log through ctx.logger',
    );
  }
  const logged = [harness.logger.text(), ...harness.progress.map((update) => `${update.phase} ${update.message ?? ''}`)].join('\n');
  const leaked = harness.secretsOf(observation.normalized).filter((secret) => logged.includes(secret));
  if (leaked.length > 0) {
    throw new ConformanceFailure(
      name,
      'never logs env_vars values',
      `${leaked.length} env_vars value(s) appear in the log or progress messages`,
      'log variable names, never values; pass values to ctx.runProcess in `secrets` so they are masked',
    );
  }
}

/** Every process group `create` started through `ctx.runProcess` is gone once it returned. */
export function checkNoProcessLeft(harness: PluginHarness, check = 'create leaves no process running'): void {
  const alive = [...harness.processGroups].filter(isProcessGroupAlive);
  if (alive.length > 0) {
    throw new ConformanceFailure(
      harness.plugin.name,
      check,
      `process group(s) ${alive.join(', ')} still running`,
      'wait for every child before returning; pass ctx.signal to long work',
    );
  }
}
