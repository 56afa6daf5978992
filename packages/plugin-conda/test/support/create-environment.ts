import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreateResult } from '@runtime-env/core';
import { condaPlugin } from '../../src/conda-plugin.js';
import { condaSpecSchema, type CondaSpec } from '../../src/spec/conda-spec-schema.js';
import type { TestHookContexts } from './hook-context.js';

/** Parses `raw` like the core would, hashes it and creates its URI in `<root>/<name>`, calling the hooks directly. */
export async function createDirectly(contexts: TestHookContexts, raw: unknown, name: string, signal?: AbortSignal): Promise<{ uri: string; directory: string; spec: CondaSpec; result: CreateResult }> {
  const spec = condaSpecSchema.parse(raw);
  const [uri] = await condaPlugin.hash(spec, { ...contexts.createContext(contexts.root), runtimeEnv: { conda: spec } });
  if (!uri) throw new Error('expected one URI');
  const directory = join(contexts.root, 'uris', name);
  await mkdir(directory, { recursive: true });
  const created = await condaPlugin.create!(uri, spec, contexts.createContext(directory, signal ? { signal } : {}));
  const result = typeof created === 'number' ? { sizeBytes: created } : created;
  return { uri, directory, spec, result };
}
