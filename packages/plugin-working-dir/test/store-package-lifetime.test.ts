import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateResult } from '@runtime-env/core';
import { parsePluginUri, workingDirPlugin } from '../src/index.js';
import { makeNode, writeTree } from './support/hook-context.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function newNode(options: Record<string, unknown> = {}) {
  const node = await makeNode(options);
  cleanups.push(node.cleanup);
  return node;
}

describe('the lifetime of a local store package', () => {
  it('stays while another URI made from it remains, and goes with the last one', async () => {
    const node = await newNode();
    const source = path.join(node.root, 'project');
    await writeTree(source, { 'main.py': 'print("hi")\n' });
    const spec = workingDirPlugin.schema.parse(source);
    const [uri] = await workingDirPlugin.hash(spec, node.hashContext({ working_dir: spec }));
    // Another plugin version made from the same package: a second user of one store object.
    const otherUri = uri!.replace(/^working_dir:\/\/[^/]+\//, 'working_dir://9.9.9/');
    const packageFile = fileURLToPath(parsePluginUri(uri!).location);

    const made: { uri: string; directory: string; result: CreateResult }[] = [];
    for (const each of [uri!, otherUri]) {
      const context = await node.createContext(each);
      const result = (await workingDirPlugin.create!(each, spec, context)) as CreateResult;
      made.push({ uri: each, directory: context.directory, result });
    }
    const packageBytes = statSync(packageFile).size;
    expect(made[0]!.result.sizeBytes).toBeGreaterThanOrEqual(packageBytes);

    const deleteContext = (entry: (typeof made)[number]) => ({ ...node.hashContext(), directory: entry.directory, details: entry.result.details });
    const firstFreed = await workingDirPlugin.delete!(made[0]!.uri, deleteContext(made[0]!));
    expect(existsSync(packageFile)).toBe(true);
    expect(firstFreed).toBe(made[0]!.result.details!.contentBytes);

    const lastFreed = await workingDirPlugin.delete!(made[1]!.uri, deleteContext(made[1]!));
    expect(existsSync(packageFile)).toBe(false);
    expect(lastFreed).toBe((made[1]!.result.details!.contentBytes as number) + packageBytes);
  });

  it('never deletes from an S3 store, whose packages other nodes may use', async () => {
    const node = await newNode({ store: 's3://shared-bucket/packages', s3: { endpoint: 'http://127.0.0.1:9' } });
    const digest = 'a'.repeat(64);
    const uri = `working_dir://0.1.0/s3://shared-bucket/packages/pkg_${digest}.tar#tree=${digest}`;
    const freed = await workingDirPlugin.delete!(uri, { ...node.hashContext(), directory: node.root, details: { contentBytes: 10 } });
    expect(freed).toBe(10);
  });
});
