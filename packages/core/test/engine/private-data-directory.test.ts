import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntimeEnvManager } from '../../src/index.js';
import { countingPlugin } from '../fixtures/counting-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

const modeOf = (path: string): number => statSync(path).mode & 0o7777;

describe('the data directory is private to its owner', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let umask: number;

  beforeEach(() => {
    directory = temporaryDirectory();
    // The loosest umask: every mode below is rtenv's own, not the umask's.
    umask = process.umask(0);
  });

  afterEach(() => {
    process.umask(umask);
    directory.remove();
  });

  it('creates the directory, its folders 0700 and the database, its journal files and setup logs 0600', async () => {
    const dataDirectory = join(directory.path, 'data');
    const manager = await openRuntimeEnvManager({ dataDirectory, plugins: [countingPlugin('made', { countFile: join(directory.path, 'creates.txt') })] });
    try {
      await manager.getOrCreate({ made: ['one'] }, { owner: 'test' });
      for (const folder of [dataDirectory, join(dataDirectory, 'plugins'), join(dataDirectory, 'logs')])
        expect([folder, modeOf(folder)]).toEqual([folder, 0o700]);
      const logs = readdirSync(join(dataDirectory, 'logs')).map((name) => join(dataDirectory, 'logs', name));
      expect(logs).toHaveLength(1);
      for (const file of [...['', '-wal', '-shm'].map((suffix) => join(dataDirectory, `state.sqlite${suffix}`)), ...logs])
        expect([file, modeOf(file)]).toEqual([file, 0o600]);
    } finally {
      await manager.close();
    }
  });

  it('tightens an existing data directory and database that are looser', async () => {
    const dataDirectory = join(directory.path, 'data');
    await (await openRuntimeEnvManager({ dataDirectory, plugins: [] })).close();
    chmodSync(dataDirectory, 0o755);
    chmodSync(join(dataDirectory, 'state.sqlite'), 0o644);
    await (await openRuntimeEnvManager({ dataDirectory, plugins: [] })).close();
    expect(modeOf(dataDirectory)).toBe(0o700);
    expect(modeOf(join(dataDirectory, 'state.sqlite'))).toBe(0o600);
  });

  it('leaves a shared sticky directory given as the data directory as it is, and keeps its own folders private', async () => {
    const shared = join(directory.path, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    await (await openRuntimeEnvManager({ dataDirectory: shared, plugins: [] })).close();
    expect(modeOf(shared)).toBe(0o1777);
    expect(modeOf(join(shared, 'plugins'))).toBe(0o700);
    expect(modeOf(join(shared, 'state.sqlite'))).toBe(0o600);
  });
});
