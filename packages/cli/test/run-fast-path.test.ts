import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openRuntimeEnvManager } from '@runtime-env/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadInstalledFirstPartyPlugins } from '../src/config/first-party-plugins.js';
import { cliPackageDirectory } from '../src/config/plugin-resolution.js';
import { runOnFastPath } from '../src/fast-path/run-on-fast-path.js';
import { runRtenv } from '../src/rtenv.js';
import { captureIo } from './capture-io.js';

const zodUrl = pathToFileURL(createRequire(import.meta.url).resolve('zod')).href;

/** A pure plugin owning `field`, written as a local file the config names. */
function pluginSource(field: string, marker: string): string {
  return `import { z } from '${zodUrl}';
export default { apiVersion: 2, name: '${field}', schema: z.string(), hash: (spec) => ({ keys: [spec], fromSpecAlone: true }), async create() { return { sizeBytes: 0 }; }, modifyContext() {} }; // ${marker}
`;
}

let directory: string;
let config: string;
let pluginFile: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'rtenv-fast-run-'));
  config = path.join(directory, 'rtenv.config.json');
  pluginFile = path.join(directory, 'local-plugin.mjs');
  writeFileSync(pluginFile, pluginSource('local_field', 'aaaa'));
  // The core takes a plugin's identity (name, version) from the package.json above it.
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'local-plugin', version: '1.0.0', type: 'module' }));
  // The package resolves from the current directory (the CLI's package), which has it installed.
  writeFileSync(config, JSON.stringify({ plugins: ['@runtime-env/plugin-env-vars', './local-plugin.mjs'] }));
  env = { RTENV_DATA_DIR: path.join(directory, 'data'), RTENV_CONFIG: config, RTENV_DEBUG: '1' };
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const run = async (document: string, command: string[]) => {
  const io = captureIo({ env, cwd: cliPackageDirectory });
  const code = await runRtenv(['run', '-e', document, '--', ...command], io);
  return { code, stderr: io.stderrText() };
};
const FAST = /fast path hit: environment [0-9a-f]{32}, recorded by an earlier run/;

describe('rtenv run (in process)', () => {
  it('records the document on the engine path, then serves it on the fast path and releases its reference', async () => {
    const first = await run('{"env_vars": {"A": "1"}}', ['true']);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stderr).toContain('fast path missed (document not recorded for this scope)');
    const second = await run('{"env_vars": {"A": "1"}}', ['sh', '-c', 'test "$A" = 1 && exit 4']);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(FAST);
    env.RTENV_FAST_PATH = '0';
    expect((await run('{"env_vars": {"A": "1"}}', ['true'])).stderr).toContain('fast path turned off by RTENV_FAST_PATH=0');
    delete env.RTENV_FAST_PATH;
    const other = await run('{"env_vars": {"A": "2"}}', ['true']);
    expect(other.stderr).toContain('fast path missed (document not recorded for this scope)');

    const manager = await openRuntimeEnvManager({
      dataDirectory: env.RTENV_DATA_DIR!,
      plugins: await loadInstalledFirstPartyPlugins(['@runtime-env/plugin-env-vars']),
    });
    try {
      expect(manager.listEnvironments().map((record) => record.references)).toEqual([[], []]);
    } finally {
      await manager.close();
    }
  });

  describe('takes the full path once a file the engine loaded changed, and records the document again', () => {
    const document = '{"env_vars": {"B": "1"}, "local_field": "x"}';
    beforeEach(async () => {
      await run(document, ['true']);
      expect((await run(document, ['true'])).stderr).toMatch(FAST);
    });

    it('the config file', async () => {
      writeFileSync(config, JSON.stringify({ plugins: ['@runtime-env/plugin-env-vars', './local-plugin.mjs'], failureTtlSeconds: 5 }));
      const changed = await run(document, ['true']);
      expect(changed).toMatchObject({ code: 0 });
      expect(changed.stderr).toContain(`fast path missed (${config} changed since the document was recorded)`);
      expect((await run(document, ['true'])).stderr).toMatch(FAST);
    });

    it("a plugin's entry file, rewritten to the same size and modification time", async () => {
      const before = statSync(pluginFile);
      writeFileSync(pluginFile, pluginSource('local_field', 'bbbb'));
      utimesSync(pluginFile, before.atime, before.mtime);
      expect(statSync(pluginFile).size).toBe(before.size);
      const changed = await run(document, ['true']);
      expect(changed).toMatchObject({ code: 0 });
      expect(changed.stderr).toContain(`fast path missed (${pluginFile} changed since the document was recorded)`);
      expect((await run(document, ['true'])).stderr).toMatch(FAST);
    });

    it('a removed plugin: the full path then reports it', async () => {
      rmSync(pluginFile);
      const removed = await run('{"env_vars": {"B": "1"}}', ['true']);
      expect(removed.stderr).toContain(`fast path missed (document not recorded for this scope)`);
      const same = await run(document, ['true']);
      expect(same.stderr).toContain(`fast path missed (${pluginFile} is gone since the document was recorded)`);
      expect(same.code).not.toBe(0);
      expect(same.stderr).toContain('local-plugin.mjs');
    });
  });
});

describe('runOnFastPath', () => {
  it('leaves to the full CLI what only it can do: help, usage errors, --agent, standard input, no command', async () => {
    const io = captureIo({ env, cwd: cliPackageDirectory });
    expect(await runOnFastPath(['true'], io)).toBeUndefined();
    expect((await run('{}', ['true'])).code).toBe(0);
    expect(await runOnFastPath(['sh', '-c', 'exit 6'], io)).toBe(6);
    for (const args of [
      ['--help'],
      ['--no-such-option', 'true'],
      ['--agent', 'http://127.0.0.1:1', 'true'],
      ['-f', '-', 'true'],
      [],
      ['-e', '{not json', 'true'],
    ]) {
      expect(await runOnFastPath(args, io)).toBeUndefined();
    }
    expect(io.stderrText()).not.toContain('error');
  });

  it('never loads the command table, the engine or a plugin (its module graph is checked statically)', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../src/fast-path/run-on-fast-path.ts', import.meta.url), 'utf8');
    expect(source).toContain("from '@runtime-env/core/fast-path'");
    expect(source).not.toMatch(/from '@runtime-env\/core'/);
  });
});
