import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/index.js';

describe('redactSecrets (what the agent log shows)', () => {
  it('masks URL credentials in every field, besides tokens and env_vars values', () => {
    const fields = {
      runtimeEnv: { pip: { pip_install_options: ['--index-url', 'https://builder:pip-secret@host/simple'] }, env_vars: { TOKEN: 'env-secret' } },
      token: 'agent-token',
      error: new Error('cannot reach https://pkg-token@host/pkg.whl'),
    };
    expect(redactSecrets(fields)).toEqual({
      runtimeEnv: { pip: { pip_install_options: ['--index-url', 'https://builder:***@host/simple'] }, env_vars: { TOKEN: '***' } },
      token: '***',
      error: { name: 'Error', message: 'cannot reach https://***@host/pkg.whl' },
    });
  });
});
