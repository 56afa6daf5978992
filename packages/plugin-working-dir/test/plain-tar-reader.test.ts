import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArchive, LocalPackageStore, packDirectory, UnsafeArchiveError } from '../src/index.js';
import { ExtractionGuard, extractPlainTar, FullTarParserNeeded } from '@runtime-env/safe-extract/lean-tar';
import { endOfArchive, entryHeader, paddingBytes } from '../src/packing/tar-header.js';
import { writeTree } from './support/hook-context.js';

const limits = { maxEntries: 1000, maxExtractedBytes: 1024 * 1024 * 1024, maxCompressionRatio: 200 };
let root: string;
let corpus: string;
let outside: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'rtenv-plain-tar-'));
  corpus = path.join(root, 'corpus');
  outside = path.join(root, 'outside');
  await fs.mkdir(corpus);
  await fs.mkdir(outside);
  execFileSync('python3', [fileURLToPath(new URL('./support/make-hostile-archives.py', import.meta.url)), corpus, outside]);
}, 120_000);
afterAll(() => fs.rm(root, { recursive: true, force: true }));

let targetNumber = 0;
function newTarget(): string {
  return path.join(root, 'targets', String(targetNumber++), 'extracted');
}

/** A tar as `rtenv pack` writes it, from `[path, content]` pairs (a `/` at the end makes a folder). */
function plainTar(entries: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of entries) {
    const isFolder = name.endsWith('/');
    const bytes = Buffer.from(content);
    parts.push(
      entryHeader(isFolder ? name.slice(0, -1) : name, isFolder ? 'directory' : 'file', isFolder ? 0o755 : 0o644, bytes.length),
      bytes,
      Buffer.alloc(paddingBytes(bytes.length)),
    );
  }
  return Buffer.concat([...parts, endOfArchive]);
}

async function writeArchive(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(root, name);
  await fs.writeFile(file, bytes);
  return file;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
}

describe('the lean tar reader', () => {
  it('reads what packDirectory writes, with the same content digests', async () => {
    const tree = path.join(root, 'tree');
    await writeTree(tree, { 'a.py': 'a', 'deep/er/b.bin': 'b'.repeat(70_000), [`${'long-name/'.repeat(20)}c.txt`]: 'c', 'empty.txt': '' });
    const packed = await packDirectory(tree, { store: new LocalPackageStore(path.join(root, 'store')) });
    const target = newTarget();
    await fs.mkdir(target, { recursive: true });
    const entries = await extractPlainTar(fileURLToPath(packed.uri), new ExtractionGuard('pkg', target, limits), { digestContents: true });
    expect(entries.filter((entry) => entry.kind === 'file').map((entry) => entry.relativePath)).toEqual([
      'a.py',
      'deep/er/b.bin',
      'empty.txt',
      `${'long-name/'.repeat(20)}c.txt`,
    ]);
    expect(entries.find((entry) => entry.relativePath === 'a.py')?.contentDigest).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
    expect(await fs.readFile(path.join(target, 'deep/er/b.bin'), 'utf8')).toBe('b'.repeat(70_000));
  });

  it('either rejects each uncompressed hostile archive itself or hands it to the full parser, writing nothing outside', async () => {
    const tars = (await fs.readdir(corpus)).filter((name) => name.endsWith('.tar'));
    expect(tars.length).toBeGreaterThanOrEqual(8);
    for (const name of tars) {
      const target = newTarget();
      await fs.mkdir(target, { recursive: true });
      const error = await errorOf(extractPlainTar(path.join(corpus, name), new ExtractionGuard(name, target, limits), { digestContents: true }));
      expect(error instanceof UnsafeArchiveError || error instanceof FullTarParserNeeded, `${name}: ${String(error)}`).toBe(true);
      expect(await fs.readdir(outside)).toEqual([]);
    }
  });

  it('rejects a PAX path that leaves the target', async () => {
    const archive = await writeArchive('pax-escape.tar', plainTar([[`${'../'.repeat(60)}escaped.txt`, 'x']]));
    const target = newTarget();
    const error = await errorOf(extractArchive(archive, target, { limits }));
    expect(error).toBeInstanceOf(UnsafeArchiveError);
    expect((error as Error).message).toMatch(/"\.\." would leave the target folder/);
    await expect(fs.access(target)).rejects.toThrow();
  });

  it('rejects a truncated archive and a size the archive does not hold, leaving nothing behind', async () => {
    const whole = plainTar([['a.txt', 'a'.repeat(5000)]]);
    for (const [name, bytes] of [
      ['cut.tar', whole.subarray(0, 2048)],
      ['lying-size.tar', Buffer.concat([entryHeader('big.bin', 'file', 0o644, 10 * 1024 * 1024), Buffer.alloc(1024)])],
    ] as const) {
      const target = newTarget();
      const error = await errorOf(extractArchive(await writeArchive(name, bytes), target, { limits }));
      expect(error, name).toBeInstanceOf(UnsafeArchiveError);
      expect((error as Error).message).toMatch(/truncated/);
      await expect(fs.access(target)).rejects.toThrow();
    }
  });

  it('applies the entry and size caps', async () => {
    const archive = await writeArchive(
      'three.tar',
      plainTar([
        ['a', '1'],
        ['b', '22'],
        ['c', '333'],
      ]),
    );
    await expect(extractArchive(archive, newTarget(), { limits: { ...limits, maxEntries: 2 } })).rejects.toThrow(/more than 2 entries/);
    await expect(extractArchive(archive, newTarget(), { limits: { ...limits, maxExtractedBytes: 4 } })).rejects.toThrow(/unpacks to more than 4 bytes/);
  });

  it('hands a damaged header to the full parser, which refuses it', async () => {
    const bytes = plainTar([['a.txt', 'a']]);
    bytes[10] = 0x41;
    const target = newTarget();
    await expect(extractArchive(await writeArchive('bad-checksum.tar', bytes), target, { limits })).rejects.toThrow();
    await expect(fs.access(target)).rejects.toThrow();
  });

  it('hands duplicate names, links and GNU archives to the full parser, which extracts them', async () => {
    const duplicate = await writeArchive(
      'twice.tar',
      plainTar([
        ['a.txt', 'first'],
        ['a.txt', 'second'],
      ]),
    );
    const target = newTarget();
    await extractArchive(duplicate, target, { limits });
    expect(await fs.readFile(path.join(target, 'a.txt'), 'utf8')).toBe('second');

    const tree = path.join(root, 'linked');
    await writeTree(tree, { 'dir/file.txt': 'inside' });
    await fs.symlink('dir/file.txt', path.join(tree, 'link'));
    for (const format of ['posix', 'gnu']) {
      const archive = path.join(root, `linked-${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-cf', archive, '-C', tree, '.']);
      const linkedTarget = newTarget();
      await extractArchive(archive, linkedTarget, { limits });
      expect(await fs.readlink(path.join(linkedTarget, 'link'))).toBe('dir/file.txt');
      expect(await fs.readFile(path.join(linkedTarget, 'dir/file.txt'), 'utf8')).toBe('inside');
    }
  });
});
