// rtenv's document commands (validate, merge, hash, plugins, config-schema, help),
// run as a user runs them: the built binary in a child process.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRtenv, type RtenvResult } from './support/rtenv-process.js';

const binPath = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
let workDirectory: string;

function rtenv(args: readonly string[], options: { input?: string } = {}): Promise<RtenvResult> {
  return runRtenv(
    args,
    { cwd: workDirectory, env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '' } },
    options.input ?? '',
  );
}

beforeAll(() => {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: build it with \`pnpm --filter @runtime-env/cli... build\``);
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-cli-commands-'));
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('rtenv help', () => {
  it('lists every command with --help and exits 0', async () => {
    const result = await rtenv(['--help']);
    expect(result.code).toBe(0);
    for (const command of [
      'run',
      'validate',
      'merge',
      'hash',
      'plugins',
      'ls',
      'logs',
      'rm',
      'pin',
      'unpin',
      'gc',
      'lock',
      'prewarm',
      'completion',
      'config-schema',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it("shows one command's options with CMD --help", async () => {
    const result = await rtenv(['gc', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: rtenv gc');
    expect(result.stdout).toContain('--dry-run');
    expect(result.stdout).toContain('--all');
  });

  it('refuses an unknown command or option with exit 2 and a pointer to help', async () => {
    const unknownCommand = await rtenv(['lss']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command "lss" (did you mean `rtenv ls`?)');
    const unknownOption = await rtenv(['validate', '--jsn']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--jsn'");
    expect(unknownOption.stderr).toContain('rtenv validate --help');
  });
});

describe('rtenv validate', () => {
  it('prints the normalized document and exits 0', async () => {
    const result = await rtenv(['validate', '--runtime-env', '{"env_vars": {"B": "2", "A": "1"}}']);
    expect(result.code).toBe(0);
    const normalized = JSON.parse(result.stdout);
    expect(normalized).toEqual({ env_vars: { A: '1', B: '2' } });
  });

  it("adds no defaults the user did not write, as Ray's normalized form; a given config is filled in", async () => {
    const conda = await rtenv(['validate', '-e', '{"conda": {"dependencies": ["python=3.11"]}}']);
    expect(JSON.parse(conda.stdout)).toEqual({ conda: { dependencies: ['python=3.11'] } });
    const container = await rtenv(['validate', '-e', '{"container": {"image": "busybox"}}']);
    expect(JSON.parse(container.stdout)).toEqual({ container: { image: 'busybox' } });
    const withConfig = await rtenv(['validate', '-e', '{"env_vars": {"A": "1"}, "config": {"eager_install": false}}']);
    expect(JSON.parse(withConfig.stdout).config).toEqual({ setup_timeout_seconds: 600, eager_install: false, log_files: [] });
  });

  it('refuses at validation (exit 2) what creation could not fetch or extract, and treats an empty working_dir as absent', async () => {
    for (const document of [
      '{"working_dir": "ftp://host/code.zip"}',
      '{"py_modules": ["https://host/mod.py"]}',
      '{"working_dir": "/no/such/folder"}',
      '{"working_dir": "C:\\\\proj"}',
    ]) {
      const result = await rtenv(['validate', '-e', document]);
      expect({ document, code: result.code }).toEqual({ document, code: 2 });
    }
    const empty = await rtenv(['validate', '-e', '{"working_dir": ""}']);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual({});
  });

  it('reads the document from a file or from stdin', async () => {
    const file = path.join(workDirectory, 'runtime-env.json');
    writeFileSync(file, '{"env_vars": {"FROM_FILE": "yes"}}');
    const fromFile = await rtenv(['validate', '--runtime-env-file', file]);
    expect(JSON.parse(fromFile.stdout).env_vars).toEqual({ FROM_FILE: 'yes' });
    const fromStdin = await rtenv(['validate', '-f', '-'], { input: '{"env_vars": {"FROM_STDIN": "yes"}}' });
    expect(JSON.parse(fromStdin.stdout).env_vars).toEqual({ FROM_STDIN: 'yes' });
  });

  it('explains every problem on stderr and exits 2', async () => {
    const result = await rtenv(['validate', '--runtime-env', '{"env_vars": {"PORT": 8080}, "pipp": ["requests"]}']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('[invalid_runtime_env]');
    expect(result.stderr).toContain('env_vars.PORT');
    expect(result.stderr).toContain('unknown field "pipp"');
  });

  it('reports a bad pip file and a working_dir problem found by its plugin together', async () => {
    const document = { pip: './missing-requirements.txt', working_dir: './project', git_commit: '0123456789abcdef0123456789abcdef01234567' };
    const result = await rtenv(['validate', '--runtime-env', JSON.stringify(document)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('- pip: "./missing-requirements.txt" is not a valid file');
    expect(result.stderr).toContain('- git_commit: git_commit needs working_dir to be a git repository URL');
  });

  it('returns the problems as data with --json', async () => {
    const result = await rtenv(['validate', '--json', '--runtime-env', '{"env_vars": {"PORT": 8080}}']);
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout);
    expect(body.ok).toBe(false);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: 'env_vars.PORT', plugin: 'env_vars' });
    expect(Object.keys(body.errors[0]).sort()).toEqual(['code', 'message', 'path', 'plugin']);
  });

  it('says where JSON is broken without echoing the text, which may hold a secret', async () => {
    const result = await rtenv(['validate', '--runtime-env', 'TOKEN=hunter2-secret']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--runtime-env is not valid JSON');
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('refuses both --runtime-env and --runtime-env-file', async () => {
    const result = await rtenv(['validate', '-e', '{}', '-f', 'x.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('either --runtime-env or --runtime-env-file');
  });
});

describe('rtenv merge', () => {
  it("merges a child's env_vars per name over its parent's, the child winning", async () => {
    const result = await rtenv(['merge', '--parent', '{"env_vars": {"A": "1", "B": "1"}}', '--child', '{"env_vars": {"B": "2", "C": "3"}}']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ env_vars: { A: '1', B: '2', C: '3' } });
  });

  it('needs both documents', async () => {
    const result = await rtenv(['merge', '--parent', '{}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs --child');
  });
});

describe('rtenv hash', () => {
  it('gives equal documents one id, whatever the key order', async () => {
    const first = await rtenv(['hash', '--json', '-e', '{"env_vars": {"A": "1", "B": "2"}}']);
    const second = await rtenv(['hash', '--json', '-e', '{"env_vars": {"B": "2", "A": "1"}}']);
    const different = await rtenv(['hash', '--json', '-e', '{"env_vars": {"A": "1", "B": "3"}}']);
    expect(first.code).toBe(0);
    const firstId = JSON.parse(first.stdout).id as string;
    expect(firstId).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(second.stdout).id).toBe(firstId);
    expect(JSON.parse(different.stdout).id).not.toBe(firstId);
    expect(JSON.parse(first.stdout).uris).toEqual([]);
  });

  it('prints the id alone on the first line without --json', async () => {
    const result = await rtenv(['hash', '-e', '{"env_vars": {"A": "1"}}']);
    expect(result.stdout.split('\n')[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('rtenv plugins and config-schema', () => {
  it('lists the installed first-party plugins when there is no config', async () => {
    const result = await rtenv(['plugins', '--json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.configPath).toBeNull();
    const envVars = body.plugins.find((plugin: { name: string }) => plugin.name === 'env_vars');
    expect(envVars).toMatchObject({ source: '@runtime-env/plugin-env-vars', priority: 0, fields: ['env_vars'] });
    expect(envVars.version).toMatch(/^\d+\.\d+\.\d+/);
    const table = await rtenv(['plugins']);
    expect(table.stdout).toMatch(/^env_vars\s+\d+\.\d+\.\d+\s+0\s+env_vars/m);
  });

  it('prints a JSON Schema that describes the plugins entry', async () => {
    const result = await rtenv(['config-schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.$schema).toContain('json-schema.org');
    expect(schema.properties.plugins).toBeDefined();
    expect(schema.properties.dataDir).toBeDefined();
  });
});
