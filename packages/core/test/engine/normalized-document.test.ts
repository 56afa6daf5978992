import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openRuntimeEnvManager, type RuntimeEnvManager } from '../../src/index.js';
import { environmentVariablesPlugin } from '../fixtures/environment-variables-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

// The agent normalizes each request's document (local paths against the client's
// folder) and hands the result to getOrCreate: one object per document, found again by identity.
describe('manager.normalizedDocument', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let manager: RuntimeEnvManager;

  beforeEach(async () => {
    directory = temporaryDirectory();
    manager = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [environmentVariablesPlugin()] });
  });

  afterEach(async () => {
    await manager.close();
    directory.remove();
  });

  it('is the same frozen object for equal documents, and adds config only when given', () => {
    const first = manager.normalizedDocument({ env_vars: { B: '2', A: '1' } }, { baseDirectory: null });
    const second = manager.normalizedDocument({ env_vars: { A: '1', B: '2' } }, { baseDirectory: null });
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({ env_vars: { A: '1', B: '2' } });
    expect(manager.normalizedDocument({ env_vars: { A: '1' }, config: { eager_install: false } }).config).toEqual({
      setup_timeout_seconds: 600,
      eager_install: false,
      log_files: [],
    });
  });

  it('names the same environment as the document it came from, created once and then served from the cache', async () => {
    const raw = { env_vars: { A: '1' } };
    const normalized = manager.normalizedDocument(raw, { baseDirectory: null });
    const created = await manager.getOrCreate(normalized, { owner: 'a' });
    const cached = await manager.getOrCreate(manager.normalizedDocument({ env_vars: { A: '1' } }, { baseDirectory: null }), { owner: 'b' });
    expect(created.cached).toBe(false);
    expect(cached).toMatchObject({ cached: true, id: created.id });
    expect((await manager.resolve(raw)).id).toBe(created.id);
  });
});
