import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CondaChannelPackage } from '@runtime-env/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirectly } from './support/create-environment.js';
import { failureOf } from './support/failure-of.js';
import { makeTestHookContexts, type TestHookContexts } from './support/hook-context.js';
import { startSampleChannel, type SampleChannel } from './support/sample-channel.js';

/**
 * Packages from a hostile channel, extracted and linked by the embedded
 * installer: whatever their links and file lists say, nothing outside the
 * package cache and the prefix may change.
 */
let channel: SampleChannel | undefined;
let contexts: TestHookContexts | undefined;
let victim: string;

beforeEach(async () => {
  victim = await mkdtemp(join(tmpdir(), 'plugin-conda-victim-'));
  await writeFile(join(victim, 'f'), 'keep');
});
afterEach(async () => {
  await channel?.close();
  await contexts?.remove();
  await rm(victim, { recursive: true, force: true });
  channel = undefined;
  contexts = undefined;
});

function hostilePackage(name: string, files: CondaChannelPackage['definition']['files'], depends: string[] = []): CondaChannelPackage {
  return { definition: { name, version: '1.0', depends, files } };
}

async function victimListing(): Promise<string[]> {
  const names = await readdir(victim);
  return Promise.all(names.sort().map(async (name) => `${name}=${await readFile(join(victim, name), 'utf8')}`));
}

describe('a hostile conda package cannot change anything outside the cache and the prefix', () => {
  it('refuses a package whose relative link leads out of it, in both archive formats', async () => {
    const climb = '../'.repeat(12);
    channel = await startSampleChannel({
      extra: [
        hostilePackage('escape-conda', [
          { path: 'lib/escape', symlinkTarget: `${climb}${victim.slice(1)}` },
          { path: 'lib/ok.txt', content: 'ok' },
        ]),
        { ...hostilePackage('escape-bz2', [{ path: 'lib/escape', symlinkTarget: `${climb}${victim.slice(1)}` }]), format: 'tar.bz2' },
      ],
    });
    contexts = await makeTestHookContexts();
    for (const name of ['escape-conda', 'escape-bz2']) {
      const failure = await failureOf(createDirectly(contexts, { channels: [channel.url], dependencies: [name] }, name));
      expect(failure.code, name).toBe('conda_unsafe_package');
      expect(failure.message, name).toMatch(/"lib\/escape": it is a symlink to ".*", (which leads )?outside the target folder/);
    }
    expect(await victimListing()).toEqual(['f=keep']);
  });

  it('does not link a file through an earlier package’s absolute link in the prefix', async () => {
    channel = await startSampleChannel({
      extra: [
        hostilePackage('link-out', [{ path: 'share/out', symlinkTarget: victim }]),
        hostilePackage(
          'through-link',
          [
            { path: 'share/out/f', content: 'overwritten' },
            { path: 'share/out/new', content: 'planted' },
          ],
          ['link-out'],
        ),
      ],
    });
    contexts = await makeTestHookContexts();
    const failure = await failureOf(createDirectly(contexts, { channels: [channel.url], dependencies: ['through-link'] }, 'through-link'));
    expect(failure.code).toBe('conda_unsafe_package');
    expect(failure.message).toMatch(/"share\/out\/(f|new)" leads outside its folder through "share\/out"/);
    expect(await victimListing()).toEqual(['f=keep']);
  });

  it('refuses a package whose link stands where another package made a folder, naming the path', async () => {
    channel = await startSampleChannel({
      extra: [
        hostilePackage('folder-first', [{ path: 'share/place/file.txt', content: 'first' }]),
        hostilePackage('link-second', [{ path: 'share/place', symlinkTarget: 'elsewhere' }], ['folder-first']),
      ],
    });
    contexts = await makeTestHookContexts();
    const failure = await failureOf(createDirectly(contexts, { channels: [channel.url], dependencies: ['link-second'] }, 'conflict'));
    expect(failure.code).toBe('conda_path_conflict');
    expect(failure.message).toMatch(/conda package link-second installs a file or link at .*share\/place, where the environment has a folder/);
  });

  it('keeps an absolute link as conda packages ship them, without following it', async () => {
    channel = await startSampleChannel({ extra: [hostilePackage('system-link', [{ path: 'lib/system', symlinkTarget: victim }])] });
    contexts = await makeTestHookContexts();
    const { directory } = await createDirectly(contexts, { channels: [channel.url], dependencies: ['system-link'] }, 'system-link');
    const prefixEntries = await readdir(directory, { recursive: true });
    expect(prefixEntries.map(String).some((entry) => entry.endsWith('lib/system'))).toBe(true);
    expect(await victimListing()).toEqual(['f=keep']);
  });
});
