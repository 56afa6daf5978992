import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, openRuntimeEnvManager, type LoadedPlugin } from '../../src/index.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';
import { testIdentity } from '../fixtures/test-identity.js';

function closingPlugin(name: string, close: (signal: AbortSignal) => Promise<void>): LoadedPlugin {
  const plugin = definePlugin({
    apiVersion: 2,
    name,
    schema: z.string(),
    hash: (spec) => ({ keys: [`${spec}`] }),
    close: (ctx) => close(ctx.signal),
  });
  return { plugin, options: {}, source: 'inline', identity: testIdentity };
}

describe('the close hook', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeEach(() => {
    directory = temporaryDirectory();
  });
  afterEach(() => directory.remove());

  it('runs once per plugin when the engine closes, and close waits for it; a throw is logged, not fatal', async () => {
    const events: string[] = [];
    const logged: unknown[] = [];
    const manager = await openRuntimeEnvManager({
      dataDirectory: join(directory.path, 'data'),
      plugins: [
        closingPlugin('slow', async (signal) => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          events.push(`slow released, signal aborted: ${signal.aborted}`);
        }),
        closingPlugin('broken', async () => {
          throw new Error('the service went away');
        }),
      ],
      log: (entry) => logged.push(entry),
    });
    expect(events).toEqual([]);
    await manager.close();
    events.push('closed');
    await manager.close();
    expect(events).toEqual(['slow released, signal aborted: false', 'closed']);
    expect(logged).toContainEqual(expect.objectContaining({ event: 'plugin_close_failed', plugin: 'broken' }));
  });
});
