import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startPythonIndex, type PythonIndex } from '@runtime-env/testkit';
import { openTestManager } from '@runtime-env/engine-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipPlugin } from '../src/index.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { launchAndCollect } from './helpers/launch-in-context.js';
import { incomingLeftovers, overlappingWheels, storeEntries } from './helpers/store-fixture.js';

isolatePipFromMachineConfig();

let index: PythonIndex;
beforeAll(async () => {
  index = await startPythonIndex({ files: await overlappingWheels() });
});
afterAll(async () => {
  await index.close();
});

const document = (packages: string[]) => ({ pip: { packages, pip_install_options: ['--index-url', index.url] } });
const entryNames = (pluginDirectory: string) =>
  storeEntries(pluginDirectory)
    .map((entry) => `${entry.name}==${entry.version}`)
    .sort();

describe('store entries through the real core', () => {
  it('deleting one environment never breaks the other; deleting the last one that links an entry prunes it', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin] });
    const pluginDirectory = join(manager.dataDirectory, 'plugins', 'pip', 'shared');
    const first = await manager.getOrCreate(document(['fixture-app']), { owner: 'first' });
    const second = await manager.getOrCreate(document(['fixture-app', 'fixture-other']), { owner: 'second' });
    const firstPath = manager.listUris().find((record) => record.referencedBy.includes(first.id))?.path as string;
    expect(entryNames(pluginDirectory)).toEqual(['fixture-app==1.0.0', 'fixture-lib==2.0.0', 'fixture-other==1.0.0']);

    manager.release(first.id, 'first');
    const { bytesFreed } = await manager.remove(first.id);
    expect(existsSync(firstPath)).toBe(false);
    expect(bytesFreed).toBeGreaterThan(0);
    // The second environment links the same entries: they stay, and it still runs.
    expect(entryNames(pluginDirectory)).toEqual(['fixture-app==1.0.0', 'fixture-lib==2.0.0', 'fixture-other==1.0.0']);
    expect(await launchAndCollect(manager, second.context, ['fixture-app'])).toMatchObject({ exitCode: 0, stdout: 'fixture-app 1.0.0' });
    expect(await launchAndCollect(manager, second.context, ['python', '-c', 'import fixture_lib; print(fixture_lib.__version__)'])).toMatchObject({
      exitCode: 0,
      stdout: '2.0.0',
    });

    manager.release(second.id, 'second');
    const removedLast = await manager.remove(second.id);
    expect(entryNames(pluginDirectory)).toEqual([]);
    // What the store held is freed with the last environment, and counted.
    expect(removedLast.bytesFreed).toBeGreaterThan(bytesFreed);

    const again = await manager.getOrCreate(document(['fixture-app']), { owner: 'again' });
    expect(again.cached).toBe(false);
    expect(await launchAndCollect(manager, again.context, ['fixture-app'])).toMatchObject({ exitCode: 0, stdout: 'fixture-app 1.0.0' });
    expect(entryNames(pluginDirectory)).toEqual(['fixture-app==1.0.0', 'fixture-lib==2.0.0']);
  });

  it('two overlapping environments created at once both store the shared distribution: one entry wins, both work', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin] });
    const pluginDirectory = join(manager.dataDirectory, 'plugins', 'pip', 'shared');
    const [app, lib] = await Promise.all([
      manager.getOrCreate(document(['fixture-app']), { owner: 'app' }),
      manager.getOrCreate(document(['fixture-lib==2.0.0', 'fixture-other']), { owner: 'lib' }),
    ]);
    expect(
      storeEntries(pluginDirectory)
        .map((entry) => `${entry.name}==${entry.version}:${entry.complete}`)
        .sort(),
    ).toEqual(['fixture-app==1.0.0:true', 'fixture-lib==2.0.0:true', 'fixture-other==1.0.0:true']);
    expect(incomingLeftovers(pluginDirectory)).toEqual([]);
    expect(await launchAndCollect(manager, app.context, ['fixture-app'])).toMatchObject({ exitCode: 0, stdout: 'fixture-app 1.0.0' });
    expect(await launchAndCollect(manager, lib.context, ['fixture-other'])).toMatchObject({ exitCode: 0, stdout: 'fixture-other 1.0.0' });
  });

  it('an entry whose environments all went without the delete hook is pruned by the next creation', async () => {
    const manager = await openTestManager({ plugins: [pipPlugin] });
    const pluginDirectory = join(manager.dataDirectory, 'plugins', 'pip', 'shared');
    const first = await manager.getOrCreate(document(['fixture-other']), { owner: 'first' });
    manager.release(first.id, 'first');
    // As after a crash: the directory is gone, the store never heard of it.
    await rm(manager.listUris()[0]?.path as string, { recursive: true, force: true });
    expect(entryNames(pluginDirectory)).toEqual(['fixture-other==1.0.0']);
    await manager.getOrCreate(document(['fixture-lib==1.0.0']), { owner: 'next' });
    expect(entryNames(pluginDirectory)).toEqual(['fixture-lib==1.0.0']);
  });
});
