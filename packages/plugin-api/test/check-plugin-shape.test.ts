import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkPluginShape, ConfigError, keyProblem, pluginUri } from '../src/index.js';

const plugin = { apiVersion: 2, name: 'boxed', schema: z.string(), hash: () => ({ keys: [] }) };
const where = 'plugin ./boxed.mjs (package @acme/boxed, file /opt/boxed/index.mjs)';

function refusalOf(value: unknown): ConfigError {
  try {
    checkPluginShape(value, where);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('checkPluginShape', () => {
  it('accepts a v2 plugin as it is', () => {
    expect(checkPluginShape(plugin, where)).toBe(plugin);
  });

  it('refuses a v1 plugin, naming it, its package and file, what changed and where the migration is described', () => {
    const refusal = refusalOf({ ...plugin, apiVersion: 1, version: '1.0.0' });
    expect(refusal.code).toBe('unsupported_plugin_api_version');
    expect(refusal.message).toContain('plugin ./boxed.mjs (package @acme/boxed, file /opt/boxed/index.mjs)');
    expect(refusal.message).toContain('plugin "boxed" declares apiVersion 1, but this core implements apiVersion 2');
    expect(refusal.message).toMatch(/package\.json.*"hash" returns \{ keys.*\(spec, ctx\).*CreateResult.*"\.\/launch" export/);
    expect(refusal.hint).toContain('docs/writing-a-plugin.md, section "Migrating from v1"');
  });

  it('refuses another version without the v1 notes', () => {
    const refusal = refusalOf({ ...plugin, apiVersion: 3 });
    expect(refusal.message).toContain('declares apiVersion 3');
    expect(refusal.message).not.toContain('package.json');
  });

  it('refuses the properties of v1 left in a v2 plugin', () => {
    for (const property of ['version', 'isHashPure', 'launchModule', 'launchModuleHashes']) {
      expect(refusalOf({ ...plugin, [property]: property === 'version' ? '1.0.0' : () => true }).message).toContain(
        `"boxed" has "${property}", a property of apiVersion 1`,
      );
    }
  });

  it('refuses a hook that is not a function and a missing hash', () => {
    expect(refusalOf({ ...plugin, create: 'yes' }).message).toContain('"boxed" has a "create" that is not a function');
    expect(refusalOf({ ...plugin, hash: undefined }).message).toContain('"boxed" has no "hash" function');
  });
});

describe('pluginUri', () => {
  it('composes field, package, version and key', () => {
    expect(pluginUri('pip', { name: '@runtime-env/plugin-pip', version: '0.3.1' }, 'abc')).toBe('pip:@runtime-env/plugin-pip@0.3.1/abc');
  });

  it('says why a key cannot be used', () => {
    expect(keyProblem('abc')).toBeUndefined();
    expect(keyProblem('')).toMatch(/non-empty string/);
    expect(keyProblem(3)).toMatch(/non-empty string, not 3/);
    expect(keyProblem('a\nb')).toMatch(/control character/);
  });
});
