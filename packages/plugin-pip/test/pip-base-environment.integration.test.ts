import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureIndex } from './helpers/fixture-index.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';
import { runPython } from './helpers/run-python.js';

isolatePipFromMachineConfig();

/**
 * A node whose Python is a virtual environment (how Ray is usually installed):
 * environments made from it must still see that environment's packages, or a
 * Ray worker could not import Ray in them.
 */
let index: PythonIndex;
let nodeEnvironment: string;
beforeAll(async () => {
  index = await startFixtureIndex();
  nodeEnvironment = mkdtempSync(join(tmpdir(), 'rtenv-node-venv-'));
  execFileSync('python3', ['-m', 'venv', '--without-pip', nodeEnvironment]);
  // A package only the node's environment has, as Ray is.
  const sitePackages = execFileSync(join(nodeEnvironment, 'bin', 'python'), ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], {
    encoding: 'utf8',
  }).trim();
  execFileSync('sh', ['-c', `mkdir -p "${sitePackages}/node_only" && echo 'WHERE = "node environment"' > "${sitePackages}/node_only/__init__.py"`]);
});
afterAll(async () => {
  await index.close();
  rmSync(nodeEnvironment, { recursive: true, force: true });
});

describe('an environment based on a virtual environment', () => {
  it("sees the base environment's packages behind its own, and has another URI than one on the plain interpreter", async () => {
    const onVenv = await openPipHarness({ python: join(nodeEnvironment, 'bin', 'python') });
    const { directory } = await onVenv.build({ spec: ['fixture-lib==1.0.0'], runtimeEnv: { env_vars: { PIP_INDEX_URL: index.url } } });
    const python = join(directory, 'venv', 'bin', 'python');
    expect(await runPython(python, 'import node_only, fixture_lib; print(node_only.WHERE, fixture_lib.__version__)')).toBe('node environment 1.0.0');
    // The environment's own packages come first on sys.path.
    expect(await runPython(python, 'import sys; print([p for p in sys.path if p.endswith("site-packages")][0].startswith(sys.prefix))')).toBe('True');

    const onPlain = await openPipHarness({ python: 'python3' });
    const document = { spec: ['fixture-lib==1.0.0'], runtimeEnv: { env_vars: { PIP_INDEX_URL: index.url } } };
    const [venvUri] = await onVenv.hash(onVenv.normalize(document));
    const [plainUri] = await onPlain.hash(onPlain.normalize(document));
    expect(venvUri).not.toBe(plainUri);
  });

  it('does not see the base environment with systemSitePackages off', async () => {
    const isolated = await openPipHarness({ python: join(nodeEnvironment, 'bin', 'python'), systemSitePackages: false });
    const { directory } = await isolated.build({ spec: ['fixture-lib==1.0.0'], runtimeEnv: { env_vars: { PIP_INDEX_URL: index.url } } });
    expect(await runPython(join(directory, 'venv', 'bin', 'python'), 'import importlib.util; print(importlib.util.find_spec("node_only") is None)')).toBe(
      'True',
    );
  });
});
