import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startPythonIndex, type PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';
import { runPython } from './helpers/run-python.js';
import { inodeOf, overlappingWheels, storeEntries } from './helpers/store-fixture.js';

isolatePipFromMachineConfig();

let index: PythonIndex;
beforeAll(async () => {
  index = await startPythonIndex({ files: await overlappingWheels() });
});
afterAll(async () => {
  await index.close();
});

const field = (packages: string[]) => ({ packages, pip_check: true, pip_install_options: ['--index-url', index.url] });
const sitePackages = (directory: string): string => {
  const lib = join(directory, 'venv', 'lib');
  const python = execFileSync('ls', [lib], { encoding: 'utf8' }).trim().split('\n')[0] as string;
  return join(lib, python, 'site-packages');
};
const lockOf = (result: { lock?: { name: string; version: string; hash?: string; origin?: string }[] }) =>
  result.lock?.filter((entry) => entry.origin === undefined).map(({ name, version, hash }) => ({ name, version, hash }));

/** Checks every RECORD line with a hash against the file in the environment, as `pip` and installers read it. */
function recordMismatches(directory: string, distInfo: string): string[] {
  const root = sitePackages(directory);
  return readFileSync(join(root, distInfo, 'RECORD'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','))
    .filter(([, hash]) => hash)
    .flatMap(([path, hash, size]) => {
      const data = readFileSync(join(root, path as string));
      const actual = `sha256=${createHash('sha256').update(data).digest('base64url')}`;
      return actual === hash && String(data.length) === size ? [] : [path as string];
    });
}

// pip installs here (`installer: 'pip'`): these tests are about keeping pip's own installations in the store.
describe('the shared store of installed distributions', () => {
  it('links a second overlapping environment from the store, exactly as pip would install it', async () => {
    const harness = await openPipHarness({ installer: 'pip' });
    const first = await harness.build({ spec: field(['fixture-app']) });
    expect(
      storeEntries(harness.pluginDirectory)
        .map((entry) => `${entry.name}==${entry.version}:${entry.complete}`)
        .sort(),
    ).toEqual(['fixture-app==1.0.0:true', 'fixture-lib==2.0.0:true']);

    const second = await harness.build({ spec: field(['fixture-app', 'fixture-other']) });
    expect(second.result.details?.store).toMatchObject({ linkedDistributions: expect.arrayContaining(['fixture-app', 'fixture-lib']), copiedFiles: 0 });
    // The same files on disk, not copies.
    for (const file of ['fixture_lib/__init__.py', 'fixture_app/__init__.py', 'fixture_app-1.0.0.dist-info/METADATA']) {
      expect(inodeOf(join(sitePackages(second.directory), file))).toBe(inodeOf(join(sitePackages(first.directory), file)));
    }
    // Scripts are the environment's own: each names its own interpreter.
    const firstScript = join(first.directory, 'venv', 'bin', 'fixture-app');
    const secondScript = join(second.directory, 'venv', 'bin', 'fixture-app');
    expect(inodeOf(secondScript)).not.toBe(inodeOf(firstScript));
    expect(readFileSync(secondScript, 'utf8').split('\n')[0]).toBe(`#!${join(second.directory, 'venv', 'bin', 'python')}`);
    expect(execFileSync(secondScript, { encoding: 'utf8' }).trim()).toBe('fixture-app 1.0.0');
    expect(execFileSync(firstScript, { encoding: 'utf8' }).trim()).toBe('fixture-app 1.0.0');
    expect(execFileSync(join(second.directory, 'venv', 'bin', 'fixture-other'), { encoding: 'utf8' }).trim()).toBe('fixture-other 1.0.0');

    // Per-environment metadata: INSTALLER, REQUESTED for what this environment asked for, RECORD matching its own files.
    const secondSitePackages = sitePackages(second.directory);
    expect(readFileSync(join(secondSitePackages, 'fixture_app-1.0.0.dist-info', 'INSTALLER'), 'utf8')).toBe('pip\n');
    expect(existsSync(join(secondSitePackages, 'fixture_app-1.0.0.dist-info', 'REQUESTED'))).toBe(true);
    expect(existsSync(join(secondSitePackages, 'fixture_lib-2.0.0.dist-info', 'REQUESTED'))).toBe(false);
    expect(recordMismatches(second.directory, 'fixture_app-1.0.0.dist-info')).toEqual([]);
    expect(recordMismatches(second.directory, 'fixture_lib-2.0.0.dist-info')).toEqual([]);
    const python = join(second.directory, 'venv', 'bin', 'python');
    expect(execFileSync(python, ['-m', 'pip', 'check'], { encoding: 'utf8' })).toContain('No broken requirements found');
    // Shared files cannot be written by a non-root process.
    expect(statSync(join(secondSitePackages, 'fixture_lib', '__init__.py')).mode & 0o222).toBe(0);

    // pip uninstalls a linked distribution from one environment; the other keeps it.
    const uninstalled = execFileSync(python, ['-m', 'pip', 'uninstall', '-y', 'fixture-app'], { encoding: 'utf8' });
    expect(uninstalled).toContain('Successfully uninstalled fixture-app-1.0.0');
    expect(existsSync(secondScript)).toBe(false);
    expect(existsSync(join(secondSitePackages, 'fixture_app'))).toBe(false);
    expect(execFileSync(firstScript, { encoding: 'utf8' }).trim()).toBe('fixture-app 1.0.0');
    expect(storeEntries(harness.pluginDirectory).every((entry) => entry.complete)).toBe(true);

    // The same spec installed by pip alone gives the same lock.
    const alone = await openPipHarness({ distributionStore: false });
    const reference = await alone.build({ spec: field(['fixture-app', 'fixture-other']) });
    expect(lockOf(second.result)).toEqual(lockOf(reference.result));
    // Linked bytes are the store's: this environment counts only its own.
    expect(second.result.sizeBytes).toBeLessThan(reference.result.sizeBytes);
  });

  it('each environment imports its own version when they share some distributions but not others', async () => {
    const harness = await openPipHarness({ installer: 'pip' });
    const current = await harness.build({ spec: field(['fixture-lib==2.0.0', 'fixture-other']) });
    const old = await harness.build({ spec: field(['fixture-lib==1.0.0', 'fixture-other']) });
    expect(old.result.details?.store).toMatchObject({ linkedDistributions: ['fixture-other'] });
    const printVersions = 'import fixture_lib, fixture_other; print(fixture_lib.__version__, fixture_other.__version__)';
    expect(await runPython(join(current.directory, 'venv', 'bin', 'python'), printVersions)).toBe('2.0.0 1.0.0');
    expect(await runPython(join(old.directory, 'venv', 'bin', 'python'), printVersions)).toBe('1.0.0 1.0.0');
    expect(lockOf(old.result)?.map((entry) => `${entry.name}==${entry.version}`)).toEqual(['fixture-lib==1.0.0', 'fixture-other==1.0.0']);
    expect(inodeOf(join(sitePackages(old.directory), 'fixture_lib/__init__.py'))).not.toBe(
      inodeOf(join(sitePackages(current.directory), 'fixture_lib/__init__.py')),
    );
  });
});
