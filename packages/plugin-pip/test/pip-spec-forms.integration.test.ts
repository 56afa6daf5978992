import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureIndex } from './helpers/fixture-index.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';
import { wheelOfBasePip } from './helpers/pip-wheel-from-base.js';
import { runPython } from './helpers/run-python.js';

isolatePipFromMachineConfig();

let index: PythonIndex;
beforeAll(async () => {
  index = await startFixtureIndex();
  index.add(await wheelOfBasePip());
});
afterAll(async () => {
  await index.close();
});

const onIndex = () => ({ env_vars: { PIP_INDEX_URL: index.url } });

describe('requirements files', () => {
  it('installs from a file with -r and -c includes, and a changed included file changes the URI', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pip-requirements-'));
    writeFileSync(join(folder, 'requirements.txt'), '-r nested/base.txt\n-c constraints.txt\n');
    writeFileSync(join(folder, 'constraints.txt'), 'fixture-lib<2\n');
    const nested = join(folder, 'nested');
    await import('node:fs/promises').then((fs) => fs.mkdir(nested));
    writeFileSync(join(nested, 'base.txt'), 'fixture-lib\n');

    const harness = await openPipHarness();
    const specCase = { spec: join(folder, 'requirements.txt'), runtimeEnv: onIndex() };
    const first = await harness.hash(harness.normalize(specCase));
    const { directory, uri } = await harness.build(specCase);
    expect(uri).toBe(first[0]);
    // The constraint from the included file applied: 2.0.0 exists but 1.0.0 was chosen.
    expect(await runPython(join(directory, 'venv', 'bin', 'python'), 'import fixture_lib; print(fixture_lib.__version__)')).toBe('1.0.0');
    // What pip read is kept with the environment: the includes inlined, the constraints copied.
    expect(await readFile(join(directory, 'requirements.txt'), 'utf8')).toBe(`fixture-lib\n-c ${join(directory, 'constraints-0.txt')}\n`);

    writeFileSync(join(nested, 'base.txt'), 'fixture-lib\nfixture-app\n');
    const afterIncludeChange = await harness.hash(harness.normalize(specCase));
    writeFileSync(join(folder, 'constraints.txt'), 'fixture-lib<3\n');
    const afterConstraintChange = await harness.hash(harness.normalize(specCase));
    expect(new Set([first[0], afterIncludeChange[0], afterConstraintChange[0]]).size).toBe(3);
  });

  it('refuses to build when an included file changed between hash and create', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pip-requirements-'));
    writeFileSync(join(folder, 'base.txt'), 'fixture-lib==1.0.0\n');
    const harness = await openPipHarness();
    const normalized = harness.normalize({ spec: [`-r ${join(folder, 'base.txt')}`], runtimeEnv: onIndex() });
    const [uri] = await harness.hash(normalized);
    writeFileSync(join(folder, 'base.txt'), 'fixture-lib==2.0.0\n');
    await expect(harness.create(uri as string, normalized)).rejects.toMatchObject({ code: 'pip_inputs_changed', failureClass: 'permanent' });
  });

  it('gives equal URIs to spellings of the same spec, and another URI when an env_vars PIP_ variable changes', async () => {
    const harness = await openPipHarness();
    const hash = async (spec: unknown, runtimeEnv: Record<string, unknown> = onIndex()) => (await harness.hash(harness.normalize({ spec, runtimeEnv })))[0];
    const plain = await hash(['Fixture_Lib==1.0.0']);
    expect(await hash({ packages: ['fixture-lib == 1.0.0', 'fixture-lib==1.0.0'] })).toBe(plain);
    expect(await hash(['fixture-lib==1.0.0'], { env_vars: { PIP_INDEX_URL: 'http://127.0.0.1:1/simple/' } })).not.toBe(plain);
    expect(await hash(['fixture-lib==1.0.0'], { env_vars: { PIP_INDEX_URL: index.url, UNRELATED: 'x' } })).toBe(plain);
  });
});

describe('the object form', () => {
  it('pip_install_options reach pip (--no-deps leaves the dependency out), and pip_check then catches the broken dependency', async () => {
    const harness = await openPipHarness();
    const { result } = await harness.build({ spec: { packages: ['needs-missing'], pip_install_options: ['--no-deps'] }, runtimeEnv: onIndex() });
    expect(result.lock?.filter((entry) => entry.origin === undefined).map((entry) => entry.name)).toEqual(['needs-missing']);

    const checked = openPipHarness().then((other) =>
      other.build({ spec: { packages: ['needs-missing'], pip_install_options: ['--no-deps'], pip_check: true }, runtimeEnv: onIndex() }),
    );
    await expect(checked).rejects.toMatchObject({
      code: 'pip_check_failed',
      failureClass: 'permanent',
      message: expect.stringMatching(/needs-missing 1\.0\.0 requires fixture-lib/),
    });
  });

  it('pip_version installs that pip into the environment first and uses it', async () => {
    const pipVersion = await runPython('python3', 'import pip; print(pip.__version__)');
    const harness = await openPipHarness({ systemSitePackages: false });
    const { directory } = await harness.build({ spec: { packages: ['fixture-lib'], pip_version: `==${pipVersion}` }, runtimeEnv: onIndex() });
    const python = join(directory, 'venv', 'bin', 'python');
    const location = await runPython(python, 'import pip, sys; print(pip.__version__, pip.__file__.startswith(sys.prefix))');
    expect(location).toBe(`${pipVersion} True`);
    expect(harness.logger.text()).toContain(`Successfully installed pip-${pipVersion}`);
  });
});
