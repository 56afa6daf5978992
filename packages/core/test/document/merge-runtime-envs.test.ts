import { describe, expect, it } from 'vitest';
import { mergeRuntimeEnvs } from '../../src/document/merge-runtime-envs.js';
import { ValidationError } from '@runtime-env/plugin-api';
import { testPlugins } from './test-plugins.js';

describe('mergeRuntimeEnvs (Ray semantics)', () => {
  it('replaces fields wholesale, inherits missing ones, and merges env_vars per key with the child winning', () => {
    const merged = mergeRuntimeEnvs(
      { pip: ['a', 'b'], working_dir: '/job', env_vars: { A: 'parent', B: 'parent' } },
      { pip: ['c'], env_vars: { B: 'child', C: 'child' } },
      testPlugins,
    );
    expect(merged).toEqual({ pip: { packages: ['c'] }, working_dir: '/job', env_vars: { A: 'parent', B: 'child', C: 'child' } });
  });

  it('returns the parent, its config included, for a null or empty child, as Ray does', () => {
    const parent = { env_vars: { A: '1' }, config: { setup_timeout_seconds: 5 } };
    const whole = { env_vars: { A: '1' }, config: { setup_timeout_seconds: 5, eager_install: true, log_files: [] } };
    expect(mergeRuntimeEnvs(parent, null, testPlugins)).toEqual(whole);
    expect(mergeRuntimeEnvs(parent, undefined, testPlugins)).toEqual(whole);
    expect(mergeRuntimeEnvs(parent, {}, testPlugins)).toEqual(whole);
    expect(mergeRuntimeEnvs({ env_vars: { A: '1' } }, {}, testPlugins)).toEqual({ env_vars: { A: '1' } });
  });

  it('does not inherit config from the parent when the child has fields: it is the child own or absent (defaults)', () => {
    expect(mergeRuntimeEnvs({ config: { setup_timeout_seconds: 5 } }, { env_vars: { B: '2' } }, testPlugins)).toEqual({ env_vars: { B: '2' } });
    expect(mergeRuntimeEnvs({}, { config: { setup_timeout_seconds: 5 } }, testPlugins)).toEqual({
      config: { setup_timeout_seconds: 5, eager_install: true, log_files: [] },
    });
  });

  it('names the side that is invalid', () => {
    try {
      mergeRuntimeEnvs({ pip: 3 }, {}, testPlugins);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error) && error.issues[0]!.path).toBe('parent.pip');
    }
  });

  it('checks cross-field rules on the merged result', () => {
    expect(() => mergeRuntimeEnvs({ pip: ['a'] }, { conda: 'base' }, testPlugins)).toThrow(/cannot be used together/);
  });
});
