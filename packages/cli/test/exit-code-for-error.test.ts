import { describe, expect, it } from 'vitest';
import { ConfigError, EnvironmentNotFoundError, PluginError, RuntimeEnvError, SetupFailure, SetupTimeoutError, ValidationError } from '@runtime-env/core';
import { exitCodeForError } from '../src/errors/exit-code-for-error.js';
import { formatError } from '../src/errors/format-error.js';
import { UsageError } from '../src/errors/usage-error.js';

describe('exitCodeForError', () => {
  it('maps each kind of failure to its documented exit code', () => {
    expect(exitCodeForError(new ValidationError([{ code: 'unknown_field', path: 'pipp', message: 'unknown' }]))).toBe(2);
    expect(exitCodeForError(new UsageError('bad'))).toBe(2);
    expect(exitCodeForError(new ConfigError('plugin_not_found', 'plugin ./x.mjs', 'cannot be found'))).toBe(2);
    expect(exitCodeForError(new PluginError({ plugin: 'pip', hook: 'create', cause: new Error('x'), failureClass: 'permanent' }))).toBe(3);
    expect(exitCodeForError(new PluginError({ plugin: 'pip', hook: 'validate', cause: new Error('x'), failureClass: 'permanent' }))).toBe(2);
    expect(exitCodeForError(SetupFailure.permanent('no such package'))).toBe(3);
    expect(exitCodeForError(new SetupTimeoutError({ plugin: 'pip', phase: 'installing', timeoutSeconds: 1 }))).toBe(3);
    expect(exitCodeForError(new EnvironmentNotFoundError('abc'))).toBe(4);
    expect(exitCodeForError(new RuntimeEnvError('command_not_found', 'no such program'))).toBe(127);
    // `rtenv agent --host 0.0.0.0` without a token: a configuration to fix, not a bug.
    expect(exitCodeForError(new RuntimeEnvError('agent_start_refused', 'refusing to listen on 0.0.0.0 without a bearer token'))).toBe(2);
    expect(exitCodeForError(new RuntimeEnvError('something_else', 'x'))).toBe(1);
    expect(exitCodeForError(new TypeError('bug'))).toBe(1);
  });

  it('maps a plugin failure answered by an agent as it maps a local one', async () => {
    const { AgentRequestError } = await import('@runtime-env/client');
    const answered = (hook: string) => new AgentRequestError(422, 'POST', '/v1/envs', { code: 'plugin_failed', message: 'x', plugin: 'image_uri', hook });
    expect(exitCodeForError(answered('hash'))).toBe(3);
    expect(exitCodeForError(answered('create'))).toBe(3);
    expect(exitCodeForError(answered('validate'))).toBe(2);
  });

  it('prints the code, the message and its hint, with secrets masked', () => {
    const text = formatError(new RuntimeEnvError('launch_failed', 'cannot launch with TOKEN=s3cr3t-value', { hint: 'check it' }), {
      secrets: ['s3cr3t-value'],
    });
    expect(text).toBe('rtenv: error [launch_failed]: cannot launch with TOKEN=***\n  hint: check it\n');
  });

  it('asks for RTENV_DEBUG on an unexpected error', () => {
    expect(formatError(new TypeError('undefined is not a function'))).toContain('RTENV_DEBUG=1');
  });
});
