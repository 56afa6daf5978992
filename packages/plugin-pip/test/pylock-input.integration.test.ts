import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWheel, startPythonIndex, type BuiltWheel, type PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';
import { runPython } from './helpers/run-python.js';

isolatePipFromMachineConfig();

let index: PythonIndex;
let wheels: BuiltWheel[];
let work: string;
beforeAll(async () => {
  wheels = await Promise.all([
    buildWheel({ name: 'fixture-lib', version: '2.0.0' }),
    buildWheel({ name: 'fixture-app', version: '1.0.0', requires: ['fixture-lib>=2'], consoleScripts: { 'fixture-app': 'fixture_app:main' } }),
    buildWheel({ name: 'windows-only', version: '1.0.0' }),
  ]);
  index = await startPythonIndex({ files: wheels });
  work = await mkdtemp(join(tmpdir(), 'rtenv-pylock-'));
});
afterAll(async () => {
  await index.close();
  await rm(work, { recursive: true, force: true });
});

function pylock(extra = ''): string {
  const entry = (wheel: BuiltWheel, marker?: string) =>
    [
      '[[packages]]',
      `name = "${wheel.name}"`,
      `version = "${wheel.version}"`,
      ...(marker ? [`marker = '${marker}'`] : []),
      '',
      '[[packages.wheels]]',
      `name = "${wheel.fileName}"`,
      `url = "${new URL(`../files/${wheel.fileName}`, index.url).href}"`,
      '',
      '[packages.wheels.hashes]',
      `sha256 = "${wheel.sha256}"`,
      '',
    ].join('\n');
  const [lib, app, windowsOnly] = wheels as [BuiltWheel, BuiltWheel, BuiltWheel];
  return ['lock-version = "1.0"', 'created-by = "hand"', '', entry(lib), entry(app), entry(windowsOnly, 'sys_platform == "win32"'), extra].join('\n');
}

describe('a PEP 751 lock file (pylock.toml) as the pip field', () => {
  it("installs exactly the lock, without pip resolving, in Ray's string form and as the object's packages file", async () => {
    const path = join(work, 'pylock.toml');
    await writeFile(path, pylock());
    const harness = await openPipHarness();
    const first = await harness.build({ spec: path });
    const python = join(first.directory, 'venv', 'bin', 'python');
    expect(await runPython(python, 'import fixture_app, fixture_lib; print(fixture_lib.__version__)')).toBe('2.0.0');
    expect(first.result.lock?.filter((entry) => !('origin' in entry)).map((entry) => `${entry.name}==${entry.version} ${entry.hash}`)).toEqual([
      `fixture-app==1.0.0 sha256:${wheels[1]?.sha256}`,
      `fixture-lib==2.0.0 sha256:${wheels[0]?.sha256}`,
    ]);
    // No resolution: pip never read an index page; the marker kept the Windows-only package out.
    expect(index.requests.filter((request) => request.startsWith('/simple'))).toEqual([]);
    expect(index.requests.some((request) => request.includes('windows_only'))).toBe(false);
    expect(harness.logger.text()).not.toContain('pip install --dry-run');

    // The object form naming pylock.<name>.toml: every wheel is in the store, nothing is fetched.
    const named = join(work, 'pylock.serving.toml');
    await writeFile(named, pylock());
    const requestsBefore = index.requests.length;
    const second = await harness.build({ spec: { packages: named, pip_check: true } });
    expect(index.requests.length).toBe(requestsBefore);
    expect(second.result.details?.store).toMatchObject({ linkedDistributions: ['fixture-lib', 'fixture-app'] });
    expect(await runPython(join(second.directory, 'venv', 'bin', 'python'), 'import fixture_app; print("ok")')).toBe('ok');
  });

  it('refuses a lock entry without a hash, naming the package and the file', async () => {
    const path = join(work, 'pylock.unhashed.toml');
    await writeFile(
      path,
      `${pylock()}\n[[packages]]\nname = "loose"\nversion = "1.0"\n[[packages.wheels]]\nurl = "https://example.invalid/loose-1.0-py3-none-any.whl"\n`,
    );
    const harness = await openPipHarness();
    expect(() => harness.normalize({ spec: path })).toThrow(/packages\[3\] \(loose\) wheels\[0\] has no sha256/);
  });
});
