import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, openRuntimeEnvManager, type LoadedPlugin } from '../../src/index.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';
import { testIdentity } from '../fixtures/test-identity.js';

function recoveringPlugin(name: string, recover: (dataDirectory: string) => Promise<void>): LoadedPlugin {
  const plugin = definePlugin({
    apiVersion: 2,
    name,
    schema: z.string(),
    hash: (spec) => ({ keys: [`${spec}`] }),
    recover: (ctx) => recover(ctx.dataDirectory),
  });
  return { plugin, options: {}, source: 'inline', identity: testIdentity };
}

describe('the recover hook', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeEach(() => {
    directory = temporaryDirectory();
  });
  afterEach(() => directory.remove());

  it('runs once for each plugin that has one when an engine opens; a throw is logged, not fatal', async () => {
    const calls: string[] = [];
    const logged: unknown[] = [];
    const dataDirectory = join(directory.path, 'data');
    const manager = await openRuntimeEnvManager({
      dataDirectory,
      plugins: [
        recoveringPlugin('first', async (seen) => void calls.push(`first ${seen === dataDirectory}`)),
        recoveringPlugin('broken', async () => {
          throw new Error('cannot list the staging folder');
        }),
      ],
      log: (entry) => logged.push(entry),
    });
    await manager.close();
    expect(calls).toEqual(['first true']);
    expect(logged).toContainEqual(expect.objectContaining({ event: 'plugin_recovery_failed', plugin: 'broken' }));
  });
});
