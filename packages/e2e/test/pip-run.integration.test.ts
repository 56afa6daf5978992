// `rtenv run` with a pip field, combined with working_dir and env_vars, as a user
// runs it: the built binary, a package index the test serves on loopback, real
// venvs and pip. Then `rtenv ls --json` and `rtenv lock` show what was installed.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWheel, startPythonIndex, type PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, runRtenv, type RtenvResult } from './support/rtenv-process.js';

const pluginPath = fileURLToPath(new URL('../../plugin-pip/dist/index.js', import.meta.url));
let workDirectory: string;
let index: PythonIndex;

/** This machine's pip configuration (its own indexes) is kept out: the test serves its own. */
function hermeticEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith('PIP_')) environment[name] = value;
  return { ...environment, PIP_CONFIG_FILE: '/dev/null', RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '' };
}

function rtenv(args: readonly string[]): Promise<RtenvResult> {
  return runRtenv(args, { cwd: workDirectory, env: hermeticEnvironment() });
}

beforeAll(async () => {
  assertRtenvBuilt();
  if (!existsSync(pluginPath)) throw new Error('the CLI or plugin-pip is not built: run `pnpm --filter @runtime-env/cli... build`');
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-pip-'));
  mkdirSync(path.join(workDirectory, 'project'));
  writeFileSync(path.join(workDirectory, 'project', 'helper.py'), 'NAME = "from-working-dir"\n');
  index = await startPythonIndex({
    files: [await buildWheel({ name: 'fixture-lib', version: '1.0.0' }), await buildWheel({ name: 'fixture-lib', version: '2.0.0' })],
  });
});
afterAll(async () => {
  await index?.close();
  rmSync(workDirectory, { recursive: true, force: true });
});

const script =
  'import os, fixture_lib, helper; print(fixture_lib.__version__, helper.NAME, os.environ["GREETING"], os.environ["VIRTUAL_ENV"].startswith(os.environ["RTENV_DATA_DIR"]))';

function runtimeEnv(version: string): string {
  return JSON.stringify({
    pip: [`fixture-lib==${version}`],
    working_dir: path.join(workDirectory, 'project'),
    env_vars: { PIP_INDEX_URL: index.url, GREETING: 'hello', RTENV_DATA_DIR: path.join(workDirectory, 'data') },
  });
}

describe('rtenv run with pip', () => {
  it('installs from the index, then runs python with the package, the working_dir and env_vars', async () => {
    const result = await rtenv(['run', '--runtime-env', runtimeEnv('1.0.0'), '--', 'python', '-c', script]);
    expect(result.stderr).not.toContain('Traceback');
    expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({ code: 0, stdout: '1.0.0 from-working-dir hello True' });
  });

  it('gives another task its own version of the same library', async () => {
    const result = await rtenv(['run', '--runtime-env', runtimeEnv('2.0.0'), '--', 'python', '-c', script]);
    expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({ code: 0, stdout: '2.0.0 from-working-dir hello True' });
  });

  it('shows the lock in `rtenv ls --json` and prints it as a requirements file with hashes with `rtenv lock`', async () => {
    const listing = await rtenv(['ls', '--json']);
    expect(listing.code).toBe(0);
    expect(listing.stdout).not.toContain(index.url);
    const wheelHash = (await buildWheel({ name: 'fixture-lib', version: '1.0.0' })).sha256;
    expect(listing.stdout).toContain(`sha256:${wheelHash}`);
    const environments = JSON.parse(listing.stdout) as
      | { id: string; runtimeEnv: { pip?: { packages: string[] } } }[]
      | { environments: { id: string; runtimeEnv: { pip?: { packages: string[] } } }[] };
    const list = Array.isArray(environments) ? environments : environments.environments;
    const old = list.find((environment) => environment.runtimeEnv.pip?.packages.includes('fixture-lib==1.0.0'));
    expect(old).toBeDefined();
    const lock = await rtenv(['lock', (old as { id: string }).id]);
    expect(lock.code).toBe(0);
    expect(lock.stdout).toContain(`fixture-lib==1.0.0 \\\n    --hash=sha256:${wheelHash}`);
    // The same lock as PEP 751, and the base interpreter's distributions (systemSitePackages) listed, marked.
    const pylock = await rtenv(['lock', (old as { id: string }).id, '--format', 'pylock']);
    expect(pylock.code).toBe(0);
    expect(pylock.stdout).toContain('lock-version = "1.0"');
    expect(pylock.stdout).toContain(`sha256 = "${wheelHash}"`);
    expect(pylock.stdout).toContain('base-interpreter = true');
    const unknown = await rtenv(['lock', (old as { id: string }).id, '--format', 'poetry']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('"pylock"');
  });

  it('fails with the missing package named and a non-zero exit', async () => {
    const document = JSON.stringify({ pip: ['absent-package'], env_vars: { PIP_INDEX_URL: index.url } });
    const result = await rtenv(['run', '--runtime-env', document, '--', 'python', '-c', 'print(1)']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('"absent-package"');
    expect(result.stderr).not.toContain(index.url);
  });
});
