import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, openRuntimeEnvManager, PluginError, type LoadedPlugin, type RuntimeEnvManager } from '../../src/index.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';
import { testIdentity } from '../fixtures/test-identity.js';

interface Call {
  hook: string;
  spec: unknown;
  uri?: string;
  key?: string;
}

/** A plugin whose schema trims its value (so the normalized spec differs from the raw one) and records what each hook got. */
function recordingPlugin(calls: Call[], createResult: () => unknown = () => ({ sizeBytes: 7 })): LoadedPlugin {
  const plugin = definePlugin({
    apiVersion: 2,
    name: 'recorded',
    schema: z.string().transform((text) => text.trim()),
    hash: (spec) => ({ keys: [`key-of-${spec}`] }),
    async create(spec, ctx) {
      calls.push({ hook: 'create', spec, uri: ctx.uri, key: ctx.key });
      return createResult() as never;
    },
    modifyContext(spec, ctx) {
      calls.push({ hook: 'modifyContext', spec, uri: ctx.uris[0] });
      ctx.context.envVars.RECORDED = ctx.directoryOf(ctx.uris[0]!);
    },
    async delete(spec, ctx) {
      calls.push({ hook: 'delete', spec, uri: ctx.uri, key: ctx.key });
      return 7;
    },
  });
  return { plugin, options: undefined, source: 'inline', identity: testIdentity };
}

describe('hooks of the (spec, ctx) shape', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager | undefined;
  beforeEach(() => {
    directory = temporaryDirectory();
  });
  afterEach(async () => {
    await manager?.close();
    manager = undefined;
    directory.remove();
  });

  it('hands create and delete the key and URI the core composed, and delete the spec the URI was created from, across a restart', async () => {
    const calls: Call[] = [];
    const dataDirectory = join(directory.path, 'data');
    manager = await openRuntimeEnvManager({ dataDirectory, plugins: [recordingPlugin(calls)] });
    const handle = await manager.getOrCreate({ recorded: '  box  ' }, { owner: 'job' });
    manager.release(handle.id, 'job');
    const uri = 'recorded:core-test-plugins@1.0.0/key-of-box';
    expect(handle.context.envVars.RECORDED).toBe(manager.listUris()[0]!.path);
    await manager.close();
    // A new engine knows the spec only from what the first one stored with the URI.
    manager = await openRuntimeEnvManager({ dataDirectory, plugins: [recordingPlugin(calls)] });
    const report = await manager.gc({ all: true });
    expect(report.bytesFreed).toBe(7);
    expect(calls).toEqual([
      { hook: 'create', spec: 'box', uri, key: 'key-of-box' },
      { hook: 'modifyContext', spec: 'box', uri },
      { hook: 'delete', spec: 'box', uri, key: 'key-of-box' },
    ]);
  });

  it('refuses a create that returns a bare number (apiVersion 1), naming the plugin and hook', async () => {
    manager = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [recordingPlugin([], () => 12)] });
    const error = await manager.getOrCreate({ recorded: 'x' }, { owner: 'job' }).catch((caught: unknown) => caught);
    expect(PluginError.isInstance(error)).toBe(true);
    expect((error as PluginError).message).toMatch(/recorded.*create.*create returned 12; expected a CreateResult/s);
  });

  it('refuses a hash that returns a list (apiVersion 1) or an empty key', async () => {
    const listHash: LoadedPlugin = { ...recordingPlugin([]), plugin: { ...recordingPlugin([]).plugin, hash: () => ['recorded://x'] as never } };
    manager = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [listHash] });
    await expect(manager.resolve({ recorded: 'x' })).rejects.toThrow(/hash returned \["recorded:\/\/x"\]; expected \{ keys: string\[\]/);
    await manager.close();
    const emptyKey: LoadedPlugin = { ...recordingPlugin([]), plugin: { ...recordingPlugin([]).plugin, hash: () => ({ keys: [''] }) } };
    manager = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data2'), plugins: [emptyKey] });
    await expect(manager.resolve({ recorded: 'x' })).rejects.toThrow(/a key must be a non-empty string/);
  });
});
