import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openRuntimeEnvManager } from '@runtime-env/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.js';
import { locateConfig } from '../src/fast-path/config-location.js';
import { confirmedNamespace, documentMemoNamespaceOf } from '../src/fast-path/document-memo-namespace.js';
import { loadInstalledFirstPartyPlugins } from '../src/config/first-party-plugins.js';
import { cliPackageDirectory } from '../src/config/plugin-resolution.js';
import { captureIo } from './capture-io.js';

let directory: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'rtenv-fast-run-'));
  const config = path.join(directory, 'rtenv.config.json');
  // Resolved from the current directory (the CLI's package), which has the plugin installed.
  writeFileSync(config, JSON.stringify({ plugins: ['@runtime-env/plugin-env-vars'] }));
  env = { RTENV_DATA_DIR: path.join(directory, 'data'), RTENV_CONFIG: config, RTENV_DEBUG: '1' };
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const run = async (document: string, command: string[]) => {
  const io = captureIo({ env, cwd: cliPackageDirectory });
  const code = await runCli(['run', '-e', document, '--', ...command], io);
  return { code, stderr: io.stderrText() };
};

describe('rtenv run (in process)', () => {
  it('records the document on the engine path, then serves it from the memo and releases its reference', async () => {
    const first = await run('{"env_vars": {"A": "1"}}', ['true']);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stderr).toContain('fast path missed (no state database');
    const second = await run('{"env_vars": {"A": "1"}}', ['sh', '-c', 'test "$A" = 1 && exit 4']);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(/fast path hit: environment [0-9a-f]{32} from the document memo/);
    env.RTENV_FAST_PATH = '0';
    expect((await run('{"env_vars": {"A": "1"}}', ['true'])).stderr).toContain('fast path turned off by RTENV_FAST_PATH=0');
    delete env.RTENV_FAST_PATH;
    const other = await run('{"env_vars": {"A": "2"}}', ['true']);
    expect(other.stderr).toContain('fast path missed (document not in the memo for this namespace)');

    const manager = await openRuntimeEnvManager({ dataDirectory: env.RTENV_DATA_DIR!, plugins: await loadInstalledFirstPartyPlugins(['@runtime-env/plugin-env-vars']) });
    try {
      expect(manager.listEnvironments().map((record) => record.references)).toEqual([[], []]);
    } finally {
      await manager.close();
    }
  });

  it('records nothing when the config changed while the engine loaded', () => {
    const io = captureIo({ env, cwd: cliPackageDirectory });
    const current = documentMemoNamespaceOf(locateConfig({}, io)!, io.cwd)!;
    expect(confirmedNamespace({}, io, current)).toBe(current);
    writeFileSync(env.RTENV_CONFIG!, JSON.stringify({ plugins: ['@runtime-env/plugin-env-vars'], failureTtlSeconds: 5 }));
    expect(confirmedNamespace({}, io, current)).toBeUndefined();
    expect(confirmedNamespace({}, io, undefined)).toBeUndefined();
  });
});

describe('runRecordedDocument', () => {
  it('leaves to the full CLI what only it can do: help, usage errors, --agent, standard input, no command', async () => {
    const { runRecordedDocument } = await import('../src/run-recorded-document.js');
    const io = captureIo({ env, cwd: cliPackageDirectory });
    expect(await runRecordedDocument(['true'], io)).toBeUndefined();
    expect((await run('{}', ['true'])).code).toBe(0);
    expect(await runRecordedDocument(['sh', '-c', 'exit 6'], io)).toBe(6);
    for (const args of [['--help'], ['--no-such-option', 'true'], ['--agent', 'http://127.0.0.1:1', 'true'], ['-f', '-', 'true'], [], ['-e', '{not json', 'true']]) {
      expect(await runRecordedDocument(args, io)).toBeUndefined();
    }
    expect(io.stderrText()).not.toContain('error');
  });
});
