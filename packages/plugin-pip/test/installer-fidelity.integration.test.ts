import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredIndexUrl } from './helpers/configured-index.js';
import { installedState } from './helpers/installed-state.js';
import { openPipHarness } from './helpers/pip-harness.js';
import { writeSdistOnlyPackage } from './helpers/sdist-only-package.js';
import { storeEntries } from './helpers/store-fixture.js';

// Not hermetic on purpose (the fidelity test): real distributions from
// the index this machine's pip is configured with, installed once by pip and once
// by the plugin's wheel installer, then compared as pip and importlib see them.
const requirements = [
  'tabulate', // console script
  'python-dateutil', // pulls six: a single-module distribution
  'requests[socks]', // extras (PySocks), charset-normalizer's compiled modules and console script
  'pytest', // several console scripts, iniconfig, pluggy, packaging
  'numpy', // C extension, console scripts, headers in the package
  'widgetsnbextension', // .data/data files (share/jupyter, etc/jupyter)
  'setuptools', // a .pth file (distutils-precedence.pth)
  'jaraco.classes', // the jaraco namespace package (no __init__.py), more-itertools
  'zope.interface', // the zope namespace package, a C extension
  'markupsafe', // a C extension
  'pyyaml', // a C extension, a top-level module and a package
  'tomli; python_version < "3.12"', // an environment marker that holds
  'colorama; sys_platform == "win32"', // one that does not: nothing installed
  'fidelity-sdist', // only an sdist exists: built once by pip, then installed as a wheel
];

const scratch: string[] = [];
afterAll(async () => {
  for (const directory of scratch) await rm(directory, { recursive: true, force: true });
});

/** The differences the README documents ("Fidelity"); anything else fails the test. */
const documentedInstaller = { pip: 'pip', plugin: 'rtenv' };

describe('the wheel installer against pip, on ~20 real distributions', () => {
  it('gives the same environment as pip install, and pip can check and uninstall what it installed', async () => {
    const work = await mkdtemp(join(tmpdir(), 'rtenv-fidelity-'));
    scratch.push(work);
    const links = writeSdistOnlyPackage(work);
    const spec = { packages: requirements, pip_install_options: ['--index-url', configuredIndexUrl(), '--find-links', links] };

    const byPip = await openPipHarness({ systemSitePackages: false, installer: 'pip', distributionStore: false });
    const reference = await byPip.build({ spec });
    const ours = await openPipHarness({ systemSitePackages: false });
    const plugin = await ours.build({ spec });

    // Everything was installed by the wheel installer, nothing left to pip.
    const installedByUs = plugin.result.details?.store as { linkedDistributions: string[] };
    expect(installedByUs.linkedDistributions.length).toBe(reference.result.lock?.length);
    expect(ours.logger.text()).not.toContain('is installed by pip instead');
    expect(ours.logger.text()).toMatch(/Successfully installed .*fidelity-sdist-1\.0\.0/);

    const expected = installedState(join(reference.directory, 'venv'));
    const actual = installedState(join(plugin.directory, 'venv'));
    // pip list and pip check: identical.
    expect(actual.list).toEqual(expected.list);
    expect(actual.list.map((item) => item.name)).toEqual(
      expect.arrayContaining(['numpy', 'pysocks', 'six', 'tomli', 'widgetsnbextension', 'zope-interface', 'fidelity-sdist']),
    );
    expect(actual.list.map((item) => item.name)).not.toContain('colorama');
    expect(actual.check).toBe(expected.check);
    expect(actual.check).toContain('No broken requirements found');
    expect(plugin.result.lock).toEqual(reference.result.lock);

    // importlib.metadata: the same files for every distribution, every RECORD hash true.
    expect(Object.keys(actual.distributions).sort()).toEqual(Object.keys(expected.distributions).sort());
    for (const [name, theirs] of Object.entries(expected.distributions)) {
      const mine = actual.distributions[name];
      expect({ name, files: mine?.files, requested: mine?.requested, directUrl: mine?.directUrl }).toEqual({
        name,
        files: theirs.files,
        requested: theirs.requested,
        directUrl: theirs.directUrl,
      });
      expect({ name, mismatches: mine?.recordMismatches }).toEqual({ name, mismatches: [] });
      expect(theirs.installer).toBe(documentedInstaller.pip);
      expect(mine?.installer).toBe(documentedInstaller.plugin);
    }

    // The scripts run with the environment's interpreter.
    const bin = join(plugin.directory, 'venv', 'bin');
    expect(execFileSync(join(bin, 'tabulate'), ['--help'], { encoding: 'utf8' })).toContain('Usage: tabulate');
    expect(`${execFileSync(join(bin, 'pytest'), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })}`).toBeDefined();
    expect(execFileSync(join(bin, 'normalizer'), ['--version'], { encoding: 'utf8' })).toMatch(/Charset-Normalizer/i);
    expect(execFileSync(join(bin, 'fidelity-sdist'), { encoding: 'utf8' }).trim()).toBe('fidelity-sdist 1.0.0');
    expect(
      execFileSync(join(bin, 'python'), ['-c', 'import numpy, yaml, markupsafe, zope.interface, jaraco.classes; print(numpy.ones(2).sum())'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('2.0');
    // The .pth file is processed at startup, as after pip install.
    expect(execFileSync(join(bin, 'python'), ['-c', 'import sys; print("_distutils_hack" in sys.modules)'], { encoding: 'utf8' }).trim()).toBe('True');

    // pip uninstall works on what the wheel installer put there, and leaves the store whole.
    const uninstalled = execFileSync('python3', ['-m', 'pip', '--python', join(bin, 'python'), 'uninstall', '-y', 'numpy', 'widgetsnbextension', 'tabulate'], {
      encoding: 'utf8',
    });
    expect(uninstalled).toContain('Successfully uninstalled numpy');
    expect(existsSync(join(bin, 'tabulate'))).toBe(false);
    expect(existsSync(join(plugin.directory, 'venv', 'share', 'jupyter', 'nbextensions', 'jupyter-js-widgets', 'extension.js'))).toBe(false);
    expect(storeEntries(ours.pluginDirectory).every((entry) => entry.complete)).toBe(true);
  });
});
