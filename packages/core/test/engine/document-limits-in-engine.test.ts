import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { MAXIMUM_DOCUMENT_BYTES, MAXIMUM_DOCUMENT_DEPTH, openRuntimeEnvManager, RuntimeEnvError, type RuntimeEnvManager } from '../../src/index.js';
import { environmentVariablesPlugin } from '../fixtures/environment-variables-plugin.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

// A caller of the engine (the agent, a library) hands over parsed documents: the
// engine applies both limits itself, before anything walks a document recursively.
describe('document limits in the engine', () => {
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

  async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    return RuntimeEnvError.isInstance(error) ? error.code : String(error);
  }

  it('refuses a document nested 5,000 levels deep, by resolve and by getOrCreate', async () => {
    const deep = JSON.parse(`{"env_vars":${'{"a":'.repeat(5_000)}"1"${'}'.repeat(5_000)}}`) as unknown;
    expect(await codeOf(manager.resolve(deep))).toBe('document_too_deep');
    expect(await codeOf(manager.getOrCreate(deep, { owner: 'job' }))).toBe('document_too_deep');
    expect(MAXIMUM_DOCUMENT_DEPTH).toBe(64);
  });

  it('refuses a document larger than the size limit, measured as canonical JSON', async () => {
    const large = { env_vars: { A: 'x'.repeat(MAXIMUM_DOCUMENT_BYTES) } };
    expect(await codeOf(manager.resolve(large))).toBe('document_too_large');
    expect(await codeOf(manager.getOrCreate(large, { owner: 'job' }))).toBe('document_too_large');
    const justUnder = { env_vars: { A: 'x'.repeat(MAXIMUM_DOCUMENT_BYTES - 100) } };
    expect((await manager.resolve(justUnder)).id).toMatch(/^[0-9a-f]{32}$/);
  });
});
