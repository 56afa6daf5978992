import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { failureOf } from './support/failure-of.js';
import { makeTestHookContexts, type TestHookContexts } from './support/hook-context.js';
import { createDirectly } from './support/create-environment.js';
import { startSampleChannel, type SampleChannel } from './support/sample-channel.js';

let channel: SampleChannel | undefined;
let contexts: TestHookContexts | undefined;
afterEach(async () => {
  await channel?.close();
  await contexts?.remove();
  channel = undefined;
  contexts = undefined;
});

/** Nothing half-built may stay in the package cache: no partial download, no unverified entry. */
async function packageCacheEntries(pluginDirectory: string): Promise<string[]> {
  return readdir(join(pluginDirectory, 'pkgs')).catch(() => []);
}

describe('failures are clear errors of the right class, and leave nothing behind', () => {
  it('an unsatisfiable spec is permanent and names the conflict', async () => {
    channel = await startSampleChannel();
    contexts = await makeTestHookContexts();
    const failure = await failureOf(createDirectly(contexts, { channels: [channel.url], dependencies: ['hello-text', 'greeting-data <1'] }, 'unsatisfiable'));
    expect(failure.failureClass).toBe('permanent');
    expect(failure.code).toBe('conda_unsatisfiable');
    expect(failure.message).toContain('greeting-data <1');
    expect(await packageCacheEntries(contexts.pluginDirectory)).toEqual([]);
  });

  it('a package missing from every channel is permanent and named', async () => {
    channel = await startSampleChannel();
    contexts = await makeTestHookContexts();
    const failure = await failureOf(createDirectly(contexts, { channels: [channel.url], dependencies: ['no-such-package'] }, 'missing'));
    expect(failure.code).toBe('conda_unsatisfiable');
    expect(failure.message).toContain('no-such-package');
  });

  it('a checksum mismatch is permanent, names the file and both checksums, and caches nothing for it', async () => {
    const lie = '0'.repeat(64);
    channel = await startSampleChannel({
      mutate: (packages) => {
        const data = packages.find((entry) => entry.definition.name === 'greeting-data');
        if (data) data.repodataOverrides = { sha256: lie };
      },
    });
    contexts = await makeTestHookContexts();
    const failure = await failureOf(createDirectly(contexts, { channels: [channel.url], dependencies: ['hello-text'] }, 'checksum'));
    expect(failure.failureClass).toBe('permanent');
    expect(failure.code).toBe('conda_checksum_mismatch');
    expect(failure.message).toContain('greeting-data-1.0-h0_0.conda');
    expect(failure.message).toContain(lie);
    const entries = await packageCacheEntries(contexts.pluginDirectory);
    expect(entries.filter((name) => name.startsWith('greeting-data') || name.startsWith('.partial'))).toEqual([]);
  });

  it('an unreachable channel is transient and names the channel', async () => {
    contexts = await makeTestHookContexts();
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/nowhere`;
    const failure = await failureOf(createDirectly(contexts, { channels: [url], dependencies: ['hello-text'] }, 'unreachable'));
    expect(failure.failureClass).toBe('transient');
    expect(failure.code).toBe('conda_channel_unreachable');
    expect(failure.message).toContain(url);
  });

  it('a channel path the server does not have is permanent', async () => {
    channel = await startSampleChannel();
    contexts = await makeTestHookContexts();
    const failure = await failureOf(createDirectly(contexts, { channels: [`${channel.url}-typo`], dependencies: ['hello-text'] }, 'not-found'));
    expect(failure.failureClass).toBe('permanent');
    expect(failure.code).toBe('conda_channel_not_found');
  });

  it('an abort during a hanging download stops promptly and removes the partial download', async () => {
    channel = await startSampleChannel({ stallArchives: true });
    contexts = await makeTestHookContexts();
    const controller = new AbortController();
    const creation = createDirectly(contexts, { channels: [channel.url], dependencies: ['hello-text'] }, 'aborted', controller.signal);
    await waitFor(() => contexts?.progress.some((update) => update.phase === 'downloading' && (update.bytesDone ?? 0) > 0) ?? false);
    expect(await packageCacheEntries(contexts.pluginDirectory)).toEqual(expect.arrayContaining([expect.stringMatching(/^\.partial-/)]));
    controller.abort();
    await expect(creation).rejects.toThrow();
    expect(await packageCacheEntries(contexts.pluginDirectory)).toEqual([]);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error('condition not reached within 5 s');
}
