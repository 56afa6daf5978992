import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureDirectorySize } from '@runtime-env/plugin-api';
import { afterEach, describe, expect, it } from 'vitest';
import { parseKey, workingDirPlugin } from '../src/index.js';
import { sealDirectoryOf, sealPackage } from '../src/packing/package-seal.js';
import { makeNode, writeTree } from './support/hook-context.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function packedProject() {
  const node = await makeNode();
  cleanups.push(node.cleanup);
  const source = path.join(node.root, 'project');
  await writeTree(source, { 'main.py': 'print("original")', 'lib/helper.py': 'X = 1' });
  const [uri] = (await workingDirPlugin.hash(source, node.hashContext({ working_dir: source }))).keys;
  const packageFile = fileURLToPath(parseKey(uri!).location);
  const sealFile = path.join(sealDirectoryOf(node.pluginDirectory), `${path.basename(packageFile)}.json`);
  const create = async () => {
    const context = await node.createContext(uri!);
    const result = await workingDirPlugin.create!(source, { ...context, uri: uri!, key: uri! });
    // The size comes from the extraction's own count; it must be what a walk of the result finds,
    // plus the store package the URI was made from (which goes with the last URI made from it).
    const contentBytes = (await measureDirectorySize(context.directory)).apparentBytes;
    expect(typeof result === 'number' ? undefined : result.details?.contentBytes).toBe(contentBytes);
    expect(typeof result === 'number' ? result : result.sizeBytes).toBe(contentBytes + (await fs.stat(packageFile)).size);
    return path.join(context.directory, 'content');
  };
  /** Rewrites `main.py` inside the package with content of the same length. */
  const tamper = async () => {
    const bytes = await fs.readFile(packageFile);
    const at = bytes.indexOf('original');
    bytes.write('tampered', at);
    await fs.writeFile(packageFile, bytes);
    // A write in the same clock tick as the seal could keep the mtime; a real edit comes later than that.
    const later = new Date(Date.now() + 10_000);
    await fs.utimes(packageFile, later, later);
  };
  return { node, uri: uri!, packageFile, sealFile, create, tamper };
}

describe('sealed packages in a local store', () => {
  it('are sealed when hash writes them, and extracted without a second digest pass', async () => {
    const project = await packedProject();
    const seal = JSON.parse(await fs.readFile(project.sealFile, 'utf8')) as unknown[];
    expect(seal[0]).toBe(project.packageFile);
    const content = await project.create();
    expect(await fs.readFile(path.join(content, 'main.py'), 'utf8')).toBe('print("original")');

    // A seal that matches the file's current identity is trusted, which is what spares the digest pass.
    await project.tamper();
    await sealPackage(sealDirectoryOf(project.node.pluginDirectory), path.basename(project.packageFile), project.packageFile);
    expect(await fs.readFile(path.join(await project.create(), 'main.py'), 'utf8')).toBe('print("tampered")');
  });

  it('are checked in full once the file changed after sealing, and a damaged one is refused', async () => {
    const project = await packedProject();
    await project.tamper();
    await expect(project.create()).rejects.toMatchObject({ code: 'package_digest_mismatch' });
  });

  it('get sealed by a create that checked them in full', async () => {
    const project = await packedProject();
    await fs.rm(project.sealFile);
    await project.create();
    const seal = JSON.parse(await fs.readFile(project.sealFile, 'utf8')) as unknown[];
    const stats = await fs.stat(project.packageFile);
    expect(seal).toEqual([project.packageFile, stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, stats.dev]);
  });
});
