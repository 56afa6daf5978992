import { describe, expect, it } from 'vitest';
import { ValidationError } from '@runtime-env/plugin-api';
import { normalizedDocumentOf, validateRuntimeEnv } from '../../src/document/validate-runtime-env.js';
import { testPlugins } from './test-plugins.js';

function issuesOf(document: unknown) {
  try {
    validateRuntimeEnv(document, testPlugins);
  } catch (error) {
    if (ValidationError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateRuntimeEnv', () => {
  it('normalizes each field with its plugin schema and applies config defaults', () => {
    const result = validateRuntimeEnv({ pip: ['requests'], env_vars: { A: '1' } }, testPlugins);
    expect(result.runtimeEnv).toEqual({ pip: { packages: ['requests'] }, env_vars: { A: '1' } });
    expect(result.config).toEqual({ setup_timeout_seconds: 600, eager_install: true, log_files: [] });
  });

  it("prints config in the normalized document only when given, then filled in, as Ray's normalized form", () => {
    expect(normalizedDocumentOf(validateRuntimeEnv({ env_vars: { A: '1' } }, testPlugins))).toEqual({ env_vars: { A: '1' } });
    expect(normalizedDocumentOf(validateRuntimeEnv({ env_vars: { A: '1' }, config: { eager_install: false } }, testPlugins))).toEqual({
      env_vars: { A: '1' },
      config: { setup_timeout_seconds: 600, eager_install: false, log_files: [] },
    });
  });

  it('drops null fields and fields whose normalized value is empty, as Ray does', () => {
    const result = validateRuntimeEnv({ pip: [], env_vars: {}, conda: null }, testPlugins);
    expect(result.runtimeEnv).toEqual({});
  });

  it('rejects an unknown field, naming it, suggesting the near miss and listing the known ones', () => {
    const [issue] = issuesOf({ pipp: ['x'] });
    expect(issue).toMatchObject({ code: 'unknown_field', path: 'pipp' });
    expect(issue!.message).toContain('did you mean "pip"');
    expect(issue!.message).toContain('known fields: conda, config, env_vars, excludes, git_branch, image_uri, pip, working_dir');
  });

  it('names the nested path, the plugin, and what was expected and given', () => {
    const issues = issuesOf({ pip: { packages: ['a'], pip_install_options: ['--x', 3] } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'pip.pip_install_options[1]', plugin: 'pip' });
    expect(issues[0]!.message).toBe('must be a string, got a number');
  });

  it('says in plain words what a field must be, with an example when its schema gives one', () => {
    expect(issuesOf({ config: [] })).toEqual([
      { code: 'invalid_type', path: 'config', message: 'must be an object like {"setup_timeout_seconds":300}, got a list' },
    ]);
    expect(issuesOf({ config: 'fast' })[0]!.message).toBe('must be an object like {"setup_timeout_seconds":300}, got a string');
  });

  it('reports a value of the wrong type once, not once more for each check it could not pass', () => {
    expect(issuesOf({ git_branch: [] })).toEqual([
      { code: 'invalid_type', path: 'git_branch', plugin: 'working_dir', message: 'git_branch must be a branch name' },
    ]);
    expect(issuesOf({ git_branch: '' })).toEqual([
      { code: 'too_small', path: 'git_branch', plugin: 'working_dir', message: 'git_branch must be a branch name' },
    ]);
  });

  it('reports every issue at once', () => {
    const issues = issuesOf({ pipp: 1, env_vars: { A: 1 }, config: { setup_timeout_seconds: 0 } });
    expect(issues.map((issue) => issue.path).sort()).toEqual(['config.setup_timeout_seconds', 'env_vars.A', 'pipp']);
  });

  it('refuses a setup_timeout_seconds past int32, as Ray carries it', () => {
    expect(validateRuntimeEnv({ config: { setup_timeout_seconds: 2_147_483_647 } }, testPlugins).config.setup_timeout_seconds).toBe(2_147_483_647);
    expect(issuesOf({ config: { setup_timeout_seconds: 2_147_483_648 } })).toEqual([
      expect.objectContaining({ path: 'config.setup_timeout_seconds', message: 'must be at most 2147483647 (a 32-bit integer, as Ray carries it)' }),
    ]);
  });

  it('checks config like Ray: integer > 0 or -1, booleans, lists of strings, no unknown keys', () => {
    expect(validateRuntimeEnv({ config: { setup_timeout_seconds: -1 } }, testPlugins).config.setup_timeout_seconds).toBe(-1);
    expect(issuesOf({ config: { setup_timeout_seconds: 1.5 } })[0]!.message).toMatch(/integer/);
    expect(issuesOf({ config: { setup_timeout_seconds: -2 } })[0]!.message).toMatch(/greater than 0, or -1/);
    expect(issuesOf({ config: { eager_install: 'yes' } })[0]!.path).toBe('config.eager_install');
    expect(issuesOf({ config: { timeout: 5 } })[0]!.code).toBe('unrecognized_keys');
  });

  it('applies conflict rules declared by plugins, once per pair', () => {
    const issues = issuesOf({ pip: ['a'], conda: 'env' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'conflicting_fields' });
    expect(issues[0]!.message).toContain('"pip" and "conda" cannot be used together');
  });

  it('applies onlyAlongside rules, always allowing config', () => {
    expect(() => validateRuntimeEnv({ image_uri: 'busybox', env_vars: { A: 'b' }, config: {} }, testPlugins)).not.toThrow();
    const issues = issuesOf({ image_uri: 'busybox', pip: ['a'] });
    expect(issues[0]).toMatchObject({ code: 'field_not_allowed_with', path: 'pip', plugin: 'image_uri' });
  });

  it('validates companion fields and runs validate hooks with the plugin named', () => {
    expect(validateRuntimeEnv({ working_dir: '.', excludes: ['*.log'] }, testPlugins).runtimeEnv).toEqual({ working_dir: '.', excludes: ['*.log'] });
    expect(issuesOf({ working_dir: '.', excludes: 'abc' })[0]!.path).toBe('excludes');
    expect(issuesOf({ working_dir: '/forbidden/x' })[0]).toMatchObject({ path: 'working_dir', plugin: 'working_dir', message: 'this folder is not allowed' });
  });

  it('runs the validate hooks of valid fields even when another field failed its schema', () => {
    const issues = issuesOf({ env_vars: { A: 1 }, working_dir: '/forbidden/x' });
    expect(issues.map((issue) => issue.path).sort()).toEqual(['env_vars.A', 'working_dir']);
  });

  it('rejects documents that are not objects', () => {
    for (const document of [null, [], 'pip', 3, true]) {
      expect(issuesOf(document)[0]!.code).toBe('invalid_document');
    }
  });

  it('never puts a string value into an error message', () => {
    const issues = issuesOf({ env_vars: { TOKEN: 42 }, working_dir: 7 });
    expect(JSON.stringify(issues)).not.toContain('42');
  });
});
