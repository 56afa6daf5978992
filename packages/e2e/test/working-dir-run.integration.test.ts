// `rtenv run` with a local working_dir and py_modules, as a user runs it: the built
// binary packs the folders into the store (local, then a real S3 server on
// loopback), creates the environment and runs Python importing from both.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRtenv, type RtenvResult } from './support/rtenv-process.js';

const binPath = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
const pluginPath = fileURLToPath(new URL('../../plugin-working-dir/dist/index.js', import.meta.url));
const s3ServerScript = fileURLToPath(new URL('../../plugin-working-dir/test/support/s3-server-process.mjs', import.meta.url));
let workDirectory: string;
let s3Server: ChildProcess | undefined;
let s3Endpoint: { endpoint: string; accessKeyId: string; secretAccessKey: string };

function rtenv(args: readonly string[], env: Record<string, string>): Promise<RtenvResult> {
  return runRtenv(args, { cwd: workDirectory, env: { ...process.env, ...env } });
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [relativePath, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relativePath)), { recursive: true });
    writeFileSync(path.join(root, relativePath), content);
  }
}

const script = 'import os, helper, mymod, single; print(helper.NAME, mymod.VALUE, single.WORD, os.path.basename(os.getcwd()), os.path.exists("secret.log"))';

function runtimeEnv(): string {
  return JSON.stringify({
    working_dir: path.join(workDirectory, 'project'),
    py_modules: [path.join(workDirectory, 'modules/mymod'), path.join(workDirectory, 'modules/single.py')],
    excludes: ['*.log'],
  });
}

beforeAll(async () => {
  if (!existsSync(binPath) || !existsSync(pluginPath))
    throw new Error(`the CLI or plugin-working-dir is not built: run \`pnpm --filter @runtime-env/cli... build\``);
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-working-dir-'));
  writeFiles(workDirectory, {
    'project/helper.py': 'NAME = "from-working-dir"\n',
    'project/secret.log': 'left out by excludes\n',
    'modules/mymod/__init__.py': 'VALUE = 42\n',
    'modules/single.py': 'WORD = "single-file"\n',
  });
  s3Server = spawn(process.execPath, [s3ServerScript, 'packages'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: s3Server!.stdout! }).once('line', resolve);
    s3Server!.once('exit', (code) => reject(new Error(`the S3 server (s3rver) exited with ${code} before it started`)));
  });
  s3Endpoint = JSON.parse(firstLine);
});

afterAll(() => {
  s3Server?.kill('SIGTERM');
  if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
});

describe('rtenv run with a local working_dir and py_modules', () => {
  it('packs into the local store and runs Python importing from both', async () => {
    const dataDirectory = path.join(workDirectory, 'data-local');
    const result = await rtenv(['run', '-e', runtimeEnv(), '--', 'python3', '-c', script], { RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('from-working-dir 42 single-file content False');
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(dataDirectory, 'packages')).filter((name) => name.startsWith('pkg_'))).toHaveLength(3);
  });

  it('packs into an S3 store and runs Python importing from both', async () => {
    const dataDirectory = path.join(workDirectory, 'data-s3');
    // Not named rtenv.config.json in the working folder, where later runs without RTENV_CONFIG would pick it up.
    const configPath = path.join(workDirectory, 's3-store.config.json');
    const options = { store: 's3://packages/e2e', s3: { ...s3Endpoint, forcePathStyle: true } };
    writeFileSync(configPath, JSON.stringify({ plugins: [[pluginPath, options]] }));
    const result = await rtenv(['run', '-e', runtimeEnv(), '--', 'python3', '-c', script], { RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: configPath });
    expect(result.stdout.trim().split('\n').at(-1)).toBe('from-working-dir 42 single-file content False');
    expect(result.stderr).not.toMatch(/NodeVersionSupportWarning/);
    expect(result.code).toBe(0);
    const hashed = await rtenv(['hash', '-e', runtimeEnv()], { RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: configPath });
    expect(hashed.stdout).toMatch(/working_dir working_dir:@runtime-env\/plugin-working-dir@[^/]+\/s3:\/\/packages\/e2e\/pkg_[0-9a-f]{64}\.tar#tree=/);
    expect(existsSync(path.join(dataDirectory, 'packages'))).toBe(false);
  });

  it('shows no SDK warning on S3 commands, and says plainly which S3 object is missing', async () => {
    const configPath = path.join(workDirectory, 's3-missing.config.json');
    writeFileSync(configPath, JSON.stringify({ plugins: [[pluginPath, { s3: { ...s3Endpoint, forcePathStyle: true } }]] }));
    const env = { RTENV_DATA_DIR: path.join(workDirectory, 'data-s3-missing'), RTENV_CONFIG: configPath };
    const missing = await rtenv(['run', '-q', '-e', JSON.stringify({ working_dir: 's3://packages/missing.zip' }), '--', 'true'], env);
    expect(missing.code).toBe(3);
    expect(missing.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK/);
    expect(missing.stderr).toMatch(/could not look up s3:\/\/packages\/missing\.zip: S3 has no such bucket or object \(\w+\)/);
  });

  it('takes plugin options from a config outside the workspace, by package or with pluginOptions alone', async () => {
    // A folder under the system's temporary directory: no node_modules above it, so package
    // names can only resolve from the CLI's own installation.
    const outside = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-config-outside-'));
    try {
      const options = { store: 's3://packages/outside', s3: { ...s3Endpoint, forcePathStyle: true } };
      const configs = {
        listed: {
          plugins: ['@runtime-env/plugin-env-vars', ['@runtime-env/plugin-working-dir', options], ['@runtime-env/plugin-container', { standby: false }]],
        },
        optionsOnly: { pluginOptions: { working_dir: options, '@runtime-env/plugin-container': { standby: false } } },
      };
      for (const [name, config] of Object.entries(configs)) {
        const configPath = path.join(outside, `${name}.config.json`);
        writeFileSync(configPath, JSON.stringify(config));
        const env = { RTENV_DATA_DIR: path.join(outside, `data-${name}`), RTENV_CONFIG: configPath };
        const result = await runRtenv(['run', '-e', runtimeEnv(), '--', 'python3', '-c', script], { cwd: outside, env: { ...process.env, ...env } });
        expect(result.stderr, name).not.toMatch(/error/i);
        expect(result.stdout.trim().split('\n').at(-1), name).toBe('from-working-dir 42 single-file content False');
        const hashed = await runRtenv(['hash', '-e', runtimeEnv()], { cwd: outside, env: { ...process.env, ...env } });
        expect(hashed.stdout, name).toMatch(
          /working_dir working_dir:@runtime-env\/plugin-working-dir@[^/]+\/s3:\/\/packages\/outside\/pkg_[0-9a-f]{64}\.tar#tree=/,
        );
      }
      const typo = path.join(outside, 'typo.config.json');
      writeFileSync(typo, JSON.stringify({ pluginOptions: { workingdir: options } }));
      const refused = await runRtenv(['validate', '-e', '{}'], {
        cwd: outside,
        env: { ...process.env, RTENV_CONFIG: typo, RTENV_DATA_DIR: path.join(outside, 'data-typo') },
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/pluginOptions names "workingdir", which no loaded plugin owns[\s\S]*did you mean "working_dir"/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reuses the environment of an unchanged tree, and sees an edit of the same size made later', async () => {
    const dataDirectory = path.join(workDirectory, 'data-edits');
    const project = path.join(workDirectory, 'edited-project');
    writeFiles(project, { 'value.py': 'WORD = "first"\n', 'lib/deep.py': 'X = 1\n' });
    // Older than the racy window, so the tree snapshot vouches for it on the next run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const document = JSON.stringify({ working_dir: project });
    const read = ['python3', '-c', 'import value; print(value.WORD)'];
    const env = { RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' };
    expect((await rtenv(['run', '-e', document, '--', ...read], env)).stdout.trim()).toBe('first');
    expect((await rtenv(['run', '-e', document, '--', ...read], env)).stdout.trim()).toBe('first');
    writeFileSync(path.join(project, 'value.py'), 'WORD = "other"\n');
    const edited = await rtenv(['run', '-e', document, '--', ...read], env);
    expect(edited.stdout.trim()).toBe('other');
    expect(edited.code).toBe(0);
    expect(readdirSync(path.join(dataDirectory, 'packages')).filter((name) => name.startsWith('pkg_'))).toHaveLength(2);
  });

  it('runs several rtenv processes at once on the same tree and data directory', async () => {
    const dataDirectory = path.join(workDirectory, 'data-concurrent');
    const project = path.join(workDirectory, 'shared-project');
    writeFiles(project, Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`pkg/file${index}.py`, `N = ${index}\n`])));
    writeFiles(project, { 'main.py': 'import pkg.file49 as last; print(last.N)\n' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const document = JSON.stringify({ working_dir: project });
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => rtenv(['run', '-e', document, '--', 'python3', 'main.py'], { RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' })),
    );
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/error|ENOENT/i);
      expect(run.stdout.trim()).toBe('49');
      expect(run.code).toBe(0);
    }
    expect(readdirSync(path.join(dataDirectory, 'packages', '.incoming'))).toEqual([]);
  });

  it('packs with rtenv pack, and runs from the printed URI', async () => {
    const dataDirectory = path.join(workDirectory, 'data-pack');
    const project = path.join(workDirectory, 'packed-project');
    writeFiles(project, { 'main.py': 'print("from the packed URI")\n', 'notes.log': 'left out\n' });
    const env = { RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' };
    const listed = await rtenv(['pack', project, '--excludes', '*.log', '--list'], env);
    expect(listed.stdout.trim().split('\n')).toEqual(['main.py']);
    const packed = await rtenv(['pack', project, '--excludes', '*.log'], env);
    const uri = packed.stdout.trim();
    expect(uri).toMatch(/^file:\/\/.*\/pkg_[0-9a-f]{64}\.tar$/);
    const run = await rtenv(['run', '-e', JSON.stringify({ working_dir: uri }), '--', 'python3', '-c', 'import os, main; print(sorted(os.listdir(".")))'], env);
    expect(run.stdout.trim().split('\n')).toEqual(['from the packed URI', "['main.py']"]);
    expect(run.code).toBe(0);

    // One module file, as py_modules takes it.
    writeFiles(workDirectory, { 'lone/helper_module.py': 'WORD = "single module"\n' });
    const single = await rtenv(['pack', path.join(workDirectory, 'lone/helper_module.py')], env);
    expect(single.stdout.trim()).toMatch(/^file:\/\/.*\/pkg_[0-9a-f]{64}\.tar$/);
    const imported = await rtenv(
      ['run', '-e', JSON.stringify({ py_modules: [single.stdout.trim()] }), '--', 'python3', '-c', 'import helper_module; print(helper_module.WORD)'],
      env,
    );
    expect(imported.stdout.trim()).toBe('single module');

    // A module folder packed as py_modules packs it keeps its name inside the package.
    writeFiles(workDirectory, { 'libs/shared_pkg/__init__.py': 'VALUE = 7\n' });
    const moduleFolder = await rtenv(['pack', path.join(workDirectory, 'libs/shared_pkg'), '--for', 'py_modules'], env);
    const fromFolder = await rtenv(
      ['run', '-e', JSON.stringify({ py_modules: [moduleFolder.stdout.trim()] }), '--', 'python3', '-c', 'import shared_pkg; print(shared_pkg.VALUE)'],
      env,
    );
    expect(fromFolder.stdout.trim()).toBe('7');
    expect((await rtenv(['pack', workDirectory, '--for', 'conda'], env)).code).toBe(2);
  });
});
