import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreateResult } from '@runtime-env/plugin-api';
import { condaPlugin } from '../../src/conda-plugin.js';
import { condaSpecSchema, type CondaSpec } from '../../src/spec/conda-spec-schema.js';
import type { TestHookContexts } from './hook-context.js';

/** Parses `raw` like the core would, hashes it and creates its URI in `<root>/<name>`, calling the hooks directly. */
export async function createDirectly(
  contexts: TestHookContexts,
  raw: unknown,
  name: string,
  signal?: AbortSignal,
): Promise<{ uri: string; directory: string; spec: CondaSpec; result: CreateResult }> {
  const spec = condaSpecSchema.parse(raw);
  const [key] = (await condaPlugin.hash(spec, { ...contexts.createContext(contexts.root), runtimeEnv: { conda: spec } })).keys;
  if (!key) throw new Error('expected one key');
  const uri = `conda://conda-tests@0.0.0/${key}`;
  const directory = join(contexts.root, 'uris', name);
  await mkdir(directory, { recursive: true });
  const result = await condaPlugin.create!(spec, { ...contexts.createContext(directory, signal ? { signal } : {}), uri, key });
  return { uri, directory, spec, result };
}
