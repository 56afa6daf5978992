import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Only the core, the agent and the CLI may load the engine (the SQLite state, a
// native module): a plugin, the client or the testkit must install and run without
// it. Development dependencies do not count: in-repo tests may use the real core.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packagesDirectory = path.join(root, 'packages');

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const ENGINE_PACKAGES = ['@runtime-env/core', 'better-sqlite3'];
const RUNTIME_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** The packages that are the engine or run it. */
const ENGINE_USERS = new Set(['@runtime-env/core', '@runtime-env/agent', '@runtime-env/cli']);

/** `field: name` for each engine package the manifest needs at run time. */
function engineDependenciesOf(manifest: Manifest): string[] {
  return RUNTIME_FIELDS.flatMap((field) => ENGINE_PACKAGES.filter((name) => manifest[field]?.[name] !== undefined).map((name) => `${field}: ${name}`));
}

function publishedManifests(): Manifest[] {
  return readdirSync(packagesDirectory)
    .map((folder) => path.join(packagesDirectory, folder, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as Manifest)
    .filter((manifest) => !manifest.private);
}

describe('packages that depend on the engine', () => {
  it('finds a run-time dependency on the engine in any field, and ignores dev dependencies (the check itself works)', () => {
    expect(
      engineDependenciesOf({ name: 'a', peerDependencies: { '@runtime-env/core': 'workspace:^' }, optionalDependencies: { 'better-sqlite3': '^12' } }),
    ).toEqual(['peerDependencies: @runtime-env/core', 'optionalDependencies: better-sqlite3']);
    expect(engineDependenciesOf({ name: 'b', dependencies: { 'better-sqlite3': '^12' } })).toEqual(['dependencies: better-sqlite3']);
    expect(engineDependenciesOf({ name: 'c', devDependencies: { '@runtime-env/core': 'workspace:*' } } as Manifest)).toEqual([]);
  });

  it('sees every published package, the engine users among them', () => {
    const names = publishedManifests().map((manifest) => manifest.name);
    expect(names).toEqual(expect.arrayContaining([...ENGINE_USERS, '@runtime-env/client', '@runtime-env/plugin-api', '@runtime-env/testkit']));
  });

  it.each(publishedManifests().map((manifest) => [manifest.name, manifest] as const))(
    '%s needs the engine only if it is the core, the agent or the CLI',
    (name, manifest) => {
      if (ENGINE_USERS.has(name)) return;
      const found = engineDependenciesOf(manifest);
      expect(
        found,
        `${name} must not depend on the engine at run time: depend on @runtime-env/plugin-api (move @runtime-env/core to devDependencies for tests)`,
      ).toEqual([]);
    },
  );
});
