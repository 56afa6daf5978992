import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { openRuntimeEnvManager } from '../../src/index.js';

// The core owns a plugin's identity: the package.json of the package it was
// loaded from. These tests copy one plugin package into folders whose
// package.json differ only in "version" and load it from a config there.

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A zod-free plugin whose keys depend on the spec alone, never on a version. */
const pluginSource = `
import { createHash } from 'node:crypto';
export default {
  apiVersion: 2,
  name: 'probe',
  schema: { safeParse: (value) => ({ success: true, data: value }) },
  hash: (spec) => ({ keys: [createHash('sha256').update(String(spec)).digest('hex')], fromSpecAlone: true }),
  async create() { return { sizeBytes: 0 }; },
};
`;

/** A project folder with `rtenv.config.json` loading the package `identity-probe` at `version`; returns the config file. */
function projectWith(version: string, exportsLaunch = false): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'rtenv-identity-'));
  folders.push(folder);
  const packageFolder = path.join(folder, 'node_modules', 'identity-probe');
  mkdirSync(packageFolder, { recursive: true });
  const exportsField = exportsLaunch ? { '.': './index.mjs', './launch': './launch.mjs' } : { '.': './index.mjs' };
  writeFileSync(path.join(packageFolder, 'package.json'), JSON.stringify({ name: 'identity-probe', version, type: 'module', exports: exportsField }));
  writeFileSync(path.join(packageFolder, 'index.mjs'), pluginSource);
  writeFileSync(path.join(packageFolder, 'launch.mjs'), 'export async function launch() { return { exitCode: 0, signal: null }; }\n');
  const configPath = path.join(folder, 'rtenv.config.json');
  writeFileSync(configPath, JSON.stringify({ plugins: ['identity-probe'] }));
  return configPath;
}

async function urisOf(configPath: string, document: unknown): Promise<string[]> {
  const config = await loadConfig({ configPath, env: {} });
  const manager = await openRuntimeEnvManager({ dataDirectory: path.join(path.dirname(configPath), 'data'), plugins: config.plugins });
  try {
    return (await manager.resolve(document)).uris.map((entry) => entry.uri);
  } finally {
    await manager.close();
  }
}

describe('plugin identity', () => {
  it('puts the package name and version of the loaded package in every URI', async () => {
    const [uri] = await urisOf(projectWith('1.2.3'), { probe: 'x' });
    expect(uri).toMatch(/^probe:identity-probe@1\.2\.3\/[0-9a-f]{64}$/);
  });

  it('gives the same URIs for the same version, and other URIs after a version bump, though the plugin returns the same keys', async () => {
    const first = await urisOf(projectWith('1.0.0'), { probe: 'x' });
    const sameVersion = await urisOf(projectWith('1.0.0'), { probe: 'x' });
    const bumped = await urisOf(projectWith('1.0.1'), { probe: 'x' });
    expect(sameVersion).toEqual(first);
    expect(bumped).toHaveLength(1);
    expect(bumped).not.toEqual(first);
    expect(bumped[0]!.split('/').at(-1)).toBe(first[0]!.split('/').at(-1));
  });

  it('finds the package\'s "./launch" export by convention, and none when it exports none', async () => {
    const withLaunch = projectWith('1.0.0', true);
    const [loaded] = (await loadConfig({ configPath: withLaunch, env: {} })).plugins;
    expect(loaded!.identity).toEqual({ name: 'identity-probe', version: '1.0.0' });
    expect(loaded!.launchModule).toBe(pathToFileURL(path.join(path.dirname(withLaunch), 'node_modules', 'identity-probe', 'launch.mjs')).href);
    const [without] = (await loadConfig({ configPath: projectWith('1.0.0'), env: {} })).plugins;
    expect(without!.launchModule).toBeUndefined();
  });

  it('refuses a plugin package without a version, and a plugin file in no package', async () => {
    const configPath = projectWith('');
    await expect(loadConfig({ configPath, env: {} })).rejects.toThrow(/identity-probe\/package\.json has no "version"/);
    const folder = path.dirname(configPath);
    writeFileSync(path.join(folder, 'loose.mjs'), pluginSource);
    writeFileSync(configPath, JSON.stringify({ plugins: ['./loose.mjs'] }));
    // The temporary folder is under no package.json with a name (the system's tmpdir).
    await expect(loadConfig({ configPath, env: {} })).rejects.toThrow(/loose\.mjs\): is in no package/);
  });
});
