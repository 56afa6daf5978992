import { describe, expect, it } from 'vitest';
import { emptyLaunchContext, mergeRuntimeEnvs, validateRuntimeEnv, ValidationError } from '@runtime-env/core';
import { loadPluginForTest } from '@runtime-env/engine-test-support';
import { envVarsPlugin, envVarsSchema } from '../src/index.js';

const plugins = [loadPluginForTest(envVarsPlugin)];

function validationErrorOf(document: unknown): ValidationError {
  try {
    validateRuntimeEnv(document, plugins);
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

describe('env_vars schema', () => {
  it('sorts variables by name, so key order never changes the environment', () => {
    expect(Object.keys(envVarsSchema.parse({ ZETA: 'z', ALPHA: 'a', MIDDLE: 'm' }) ?? {})).toEqual(['ALPHA', 'MIDDLE', 'ZETA']);
  });

  it('drops an empty dictionary from the document, as Ray does', () => {
    expect(validateRuntimeEnv({ env_vars: {} }, plugins).runtimeEnv).toEqual({});
  });

  it('keeps ${VAR} references unexpanded: they expand at launch', () => {
    expect(envVarsSchema.parse({ PATH: '/opt/bin:${PATH}' })).toEqual({ PATH: '/opt/bin:${PATH}' });
  });

  it('reports every bad variable at once, each at its own path and with the plugin', () => {
    const error = validationErrorOf({ env_vars: { PORT: 8080, DEBUG: false, 'A=B': 'x', GOOD: 'fine' } });
    expect(error.issues.map((issue) => [issue.path, issue.plugin])).toEqual([
      ['env_vars.PORT', 'env_vars'],
      ['env_vars.DEBUG', 'env_vars'],
      ['env_vars["A=B"]', 'env_vars'],
    ]);
  });

  it('never repeats a value in an error, whatever its type', () => {
    const secrets = { NUMBER_PIN: 98765432, WORD: 'plain-secret-word', NESTED: { inner: 'nested-secret-word' }, LIST: ['listed-secret-word'], FLAG: true };
    const error = validationErrorOf({ env_vars: secrets });
    const everything = `${error.message}\n${JSON.stringify(error.issues)}`;
    for (const fragment of ['98765432', 'plain-secret-word', 'nested-secret-word', 'listed-secret-word', 'true']) expect(everything).not.toContain(fragment);
    expect(everything).toContain('"NUMBER_PIN" must be a string, got a number');
    expect(everything).toContain('"NESTED" must be a string, got an object');
    expect(everything).toContain('"LIST" must be a string, got a list');
  });

  it('rejects a NUL in a value without showing the value', () => {
    const error = validationErrorOf({ env_vars: { TOKEN: 'abc\0secret-after-nul' } });
    expect(error.issues).toEqual([
      {
        code: 'invalid_value',
        path: 'env_vars.TOKEN',
        plugin: 'env_vars',
        message: 'the value of "TOKEN" contains a NUL character, which environment variables cannot hold',
      },
    ]);
  });

  it('treats a variable named __proto__ as a variable, not as the object prototype', () => {
    const spec = envVarsSchema.parse(JSON.parse('{"__proto__": "value", "OTHER": "x"}'));
    expect(Object.keys(spec!)).toEqual(['OTHER', '__proto__']);
    const context = emptyLaunchContext();
    envVarsPlugin.modifyContext!(spec!, { context } as never);
    expect(Object.getPrototypeOf(context.envVars)).toBe(Object.prototype);
    expect(Object.entries(context.envVars)).toEqual([
      ['OTHER', 'x'],
      ['__proto__', 'value'],
    ]);
  });
});

describe('env_vars merge (job → task)', () => {
  it('merges per variable, the child winning, as Ray does', () => {
    const merged = mergeRuntimeEnvs({ env_vars: { SHARED: 'job', JOB_ONLY: 'j' } }, { env_vars: { SHARED: 'task', TASK_ONLY: 't' } }, plugins);
    expect(merged).toEqual({ env_vars: { JOB_ONLY: 'j', SHARED: 'task', TASK_ONLY: 't' } });
  });

  it('inherits the parent’s variables when the child has none', () => {
    expect(mergeRuntimeEnvs({ env_vars: { A: '1' } }, {}, plugins)).toEqual({ env_vars: { A: '1' } });
  });
});

describe('env_vars modifyContext', () => {
  it('sets variables over what earlier plugins set, leaving the rest of the context alone', () => {
    const context = { ...emptyLaunchContext(), envVars: { EARLIER: 'kept', LOG_LEVEL: 'info' }, pathPrepends: { PATH: ['/venv/bin'] } };
    envVarsPlugin.modifyContext!({ LOG_LEVEL: 'debug' }, { context } as never);
    expect(context).toEqual({ ...emptyLaunchContext(), envVars: { EARLIER: 'kept', LOG_LEVEL: 'debug' }, pathPrepends: { PATH: ['/venv/bin'] } });
  });
});
