import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCliConfig } from '../src/config/load-cli-config.js';
import { captureIo } from './capture-io.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'rtenv-cli-config-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('loadCliConfig with only some plugins (what rtenv pack asks for)', () => {
  const workingDir = '@runtime-env/plugin-working-dir';

  it('loads that first-party package alone without a config, and all of them otherwise', async () => {
    const io = captureIo({ cwd: directory, env: { RTENV_DATA_DIR: path.join(directory, 'data') } });
    const only = await loadCliConfig({}, io, [workingDir]);
    expect(only.plugins.map((loaded) => loaded.plugin.name)).toEqual(['working_dir', 'py_modules']);
    const all = await loadCliConfig({}, io);
    expect(all.plugins.map((loaded) => loaded.plugin.name)).toEqual(expect.arrayContaining(['env_vars', 'working_dir', 'pip', 'image_uri']));
  });

  it("from a config, imports only that entry, with its options, and leaves the other plugins' options unchecked", async () => {
    const config = path.join(directory, 'rtenv.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        plugins: ['@runtime-env/plugin-env-vars', [workingDir, { useGitignore: false }]],
        pluginOptions: { env_vars: { not_an_option: true } },
      }),
    );
    const io = captureIo({ cwd: path.resolve(import.meta.dirname, '..'), env: { RTENV_CONFIG: config, RTENV_DATA_DIR: path.join(directory, 'data') } });
    const only = await loadCliConfig({}, io, [workingDir]);
    expect(only.plugins.map((loaded) => loaded.plugin.name)).toEqual(['working_dir', 'py_modules']);
    expect(only.plugins[0]!.options).toMatchObject({ useGitignore: false });
  });
});
