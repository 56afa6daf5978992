import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTemporaryDataDirectory, startPythonIndex, type BuiltWheel, type PythonIndex } from '@runtime-env/testkit';
import { openTestManager } from '@runtime-env/engine-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipPlugin } from '../src/index.js';
import { resolveBaseInterpreter } from '../src/base-interpreter.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';
import { runPython } from './helpers/run-python.js';
import { bulkyWheel, incomingLeftovers, inodeOf, overlappingWheels, storeEntries } from './helpers/store-fixture.js';

isolatePipFromMachineConfig();

let bulky: BuiltWheel;
let index: PythonIndex;
beforeAll(async () => {
  bulky = await bulkyWheel(5000);
  index = await startPythonIndex({ files: [...(await overlappingWheels()), bulky] });
});
afterAll(async () => {
  await index.close();
});

const field = (packages: string[]) => ({ packages, pip_install_options: ['--index-url', index.url] });
const sitePackages = 'lib/python3.11/site-packages';

/** Files written so far into entries being stored. */
function filesBeingStored(pluginDirectory: string): number {
  const incoming = join(pluginDirectory, 'distribution-store', 'incoming');
  return incomingLeftovers(pluginDirectory).reduce((total, name) => {
    try {
      return total + readdirSync(join(incoming, name, 'files', sitePackages, 'bulky_package', 'data')).length;
    } catch {
      return total;
    }
  }, 0);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('an interrupted store leaves nothing that is used later', () => {
  it('a store process killed with SIGKILL mid-entry: the half entry is never linked, and is removed', async () => {
    const data = await makeTemporaryDataDirectory('plugin-pip-store-kill-');
    const withoutStore = await openPipHarness({ distributionStore: false }, data.path);
    const installed = await withoutStore.build({ spec: field(['bulky-package']) });
    expect(storeEntries(withoutStore.pluginDirectory)).toEqual([]);

    const interpreter = await resolveBaseInterpreter('python3', new AbortController().signal);
    const identity = { name: 'bulky-package', version: '1.0.0', wheelSha256: bulky.sha256, interpreterTag: interpreter.tag, sitePackages, compiled: true };
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./helpers/store-in-child.ts', import.meta.url)),
        withoutStore.pluginDirectory,
        join(installed.directory, 'venv'),
        JSON.stringify(identity),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await until(() => filesBeingStored(withoutStore.pluginDirectory) > 20, 'the child has stored some files');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Killed in the middle: a half entry under incoming/, nothing under entries/.
    expect(filesBeingStored(withoutStore.pluginDirectory)).toBeLessThan(5000);
    expect(incomingLeftovers(withoutStore.pluginDirectory)).toHaveLength(1);
    expect(storeEntries(withoutStore.pluginDirectory)).toEqual([]);

    // pip installs (`installer: 'pip'`): this is about entries kept from pip's installations.
    const withStore = await openPipHarness({ installer: 'pip' }, data.path);
    const next = await withStore.build({ spec: field(['bulky-package', 'fixture-other']) });
    expect(next.result.details?.store).toMatchObject({ linkedDistributions: [] });
    expect(incomingLeftovers(withStore.pluginDirectory)).toEqual([]);
    expect(storeEntries(withStore.pluginDirectory)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'bulky-package', complete: true, fileCount: expect.any(Number) })]),
    );
    expect(storeEntries(withStore.pluginDirectory).find((entry) => entry.name === 'bulky-package')?.fileCount).toBeGreaterThan(5000);
    expect(await runPython(join(next.directory, 'venv', 'bin', 'python'), 'import bulky_package; print(bulky_package.__version__)')).toBe('1.0.0');

    // Now complete, the entry is linked by the next environment that needs it.
    const linking = await withStore.build({ spec: field(['bulky-package', 'fixture-lib==1.0.0']) });
    expect(linking.result.details?.store).toMatchObject({ linkedDistributions: ['bulky-package'] });
    const file = join('venv', sitePackages, 'bulky_package', 'data', 'file_4999.txt');
    expect(inodeOf(join(linking.directory, file))).toBe(inodeOf(join(next.directory, file)));
  });

  it('a creation aborted while storing removes its half entry, is not served, and the next creation stores it whole', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin] });
    const pluginDirectory = join(manager.dataDirectory, 'plugins', 'pip', 'shared');
    const controller = new AbortController();
    const creation = manager.getOrCreate({ pip: field(['bulky-package']) }, { owner: 'task', signal: controller.signal });
    let settled = false;
    const outcome = creation.then(
      () => 'created',
      () => 'failed',
    );
    void outcome.then(() => (settled = true));
    await until(() => settled || filesBeingStored(pluginDirectory) > 20, 'the creation is storing');
    const filesStoredWhenAborted = filesBeingStored(pluginDirectory);
    controller.abort();
    expect(filesStoredWhenAborted).toBeGreaterThan(20);
    expect(await outcome).toBe('failed');
    expect(incomingLeftovers(pluginDirectory)).toEqual([]);
    expect(storeEntries(pluginDirectory)).toEqual([]);
    expect(manager.listUris().filter((record) => record.state === 'ready')).toEqual([]);

    manager.clearFailures();
    const handle = await manager.getOrCreate({ pip: field(['bulky-package']) }, { owner: 'task' });
    expect(handle.cached).toBe(false);
    expect(storeEntries(pluginDirectory)).toEqual([expect.objectContaining({ name: 'bulky-package', complete: true })]);
  });
});
