import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, openRuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

describe('close', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeEach(() => {
    directory = temporaryDirectory();
  });

  afterEach(() => directory.remove());

  it('aborts creations in flight, which clean up, and refuses calls afterwards', async () => {
    const countFile = join(directory.path, 'creates.txt');
    const dataDirectory = join(directory.path, 'data');
    const manager = await openRuntimeEnvManager({ dataDirectory, plugins: [countingPlugin('slow', { countFile, delayMs: 60_000 })] });
    const pending = manager.getOrCreate({ slow: ['never'] }, { owner: 'test' });
    while (!existsSync(countFile) || !readFileSync(countFile, 'utf8').includes('slow:core-test-plugins@'))
      await new Promise((resolve) => setTimeout(resolve, 10));

    await manager.close();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(readdirSync(join(dataDirectory, 'plugins', 'slow', 'uris'))).toEqual([]);
    expect(() => manager.listUris()).toThrow(/is closed/);
    await expect(manager.getOrCreate({ slow: ['never'] }, { owner: 'test' })).rejects.toMatchObject({ code: 'manager_closed' });

    const reopened = await openRuntimeEnvManager({ dataDirectory, plugins: [countingPlugin('slow', { countFile })] });
    try {
      expect(reopened.listUris()).toEqual([]);
      expect(reopened.listEnvironments({ state: 'failed' })).toEqual([]);
      expect((await reopened.getOrCreate({ slow: ['never'] }, { owner: 'test' })).cached).toBe(false);
    } finally {
      await reopened.close();
    }
  });
});
