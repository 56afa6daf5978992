import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArchive, UnsafeArchiveError } from '../src/index.js';

const limits = { maxEntries: 1000, maxExtractedBytes: 1024 * 1024 * 1024, maxCompressionRatio: 200 };
let root: string;
let corpus: string;
let outside: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'rtenv-hostile-'));
  corpus = path.join(root, 'corpus');
  outside = path.join(root, 'outside');
  await fs.mkdir(corpus);
  await fs.mkdir(outside);
  const script = fileURLToPath(new URL('./support/make-hostile-archives.py', import.meta.url));
  execFileSync('python3', [script, corpus, outside]);
}, 120_000);
afterAll(() => fs.rm(root, { recursive: true, force: true }));

// Each target sits three levels below `root`, so `../../..` from inside it reaches `root`.
let targetNumber = 0;
function newTarget(): string {
  return path.join(root, 'targets', String(targetNumber++), 'extracted');
}

async function filesUnder(directory: string): Promise<string[]> {
  return (await fs.readdir(directory, { recursive: true })).map(String).sort();
}

const hostile: [string, RegExp][] = [
  ['tar-zip-slip.tar', /"\.\.\/\.\.\/escaped\.txt": "\.\." would leave the target/],
  ['tar-absolute.tar', /absolute paths are not allowed/],
  ['tar-symlink-escape.tar', /"link": it is a symlink to "\.\.\/\.\.\/\.\.", outside the target/],
  ['tar-symlink-absolute.tar', /"etc": it is a symlink to the absolute path/],
  ['tar-hardlink-escape.tar', /"\.\.\/\.\.\/\.\.\/etc\/passwd": "\.\." would leave the target/],
  ['tar-hardlink-absolute.tar', /"\/etc\/passwd": absolute paths are not allowed/],
  ['tar-device.tar', /"null": its type is CharacterDevice/],
  ['tar-fifo.tar', /"pipe": its type is FIFO/],
  ['tar-bomb.tar.gz', /"zeros\.bin": the archive expands more than 200 times/],
  ['zip-slip.zip', /"\.\.\/\.\.\/escaped\.txt": "\.\." would leave the target/],
  ['zip-absolute.zip', /absolute paths are not allowed/],
  ['zip-symlink-escape.zip', /"link": it is a symlink to "\.\.\/\.\.\/\.\.", outside the target/],
  ['zip-device.zip', /"null": its file type is 0o20000/],
  ['zip-fifo.zip', /"pipe": its file type is 0o10000/],
  ['zip-bomb.zip', /"zeros\.bin": the archive expands more than 200 times/],
];

describe('hostile archives are rejected and leave nothing behind', () => {
  it.each(hostile)('%s', async (name, reason) => {
    const target = newTarget();
    const error = await extractArchive(path.join(corpus, name), target, { limits }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UnsafeArchiveError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toContain(name);
    await expect(fs.access(target)).rejects.toThrow();
    expect(await filesUnder(outside)).toEqual([]);
    expect(await filesUnder(path.dirname(target))).toEqual([]);
    await expect(fs.access(path.join(root, 'escaped.txt'))).rejects.toThrow();
  });

  it('caps the number of entries and the unpacked size', async () => {
    await expect(extractArchive(path.join(corpus, 'tar-safe-links.tar.gz'), newTarget(), { limits: { ...limits, maxEntries: 2 } })).rejects.toThrow(
      /more than 2 entries/,
    );
    await expect(extractArchive(path.join(corpus, 'zip-safe.zip'), newTarget(), { limits: { ...limits, maxExtractedBytes: 5 } })).rejects.toThrow(
      /unpacks to more than 5 bytes/,
    );
  });
});

describe('benign archives', () => {
  it('keeps links that stay inside, copies hard links and drops the setuid bit (tar)', async () => {
    const target = newTarget();
    await extractArchive(path.join(corpus, 'tar-safe-links.tar.gz'), target, { limits });
    expect(await fs.readlink(path.join(target, 'link'))).toBe('dir/file.txt');
    expect(await fs.readFile(path.join(target, 'hard'), 'utf8')).toBe('inside');
    expect((await fs.stat(path.join(target, 'setuid.sh'))).mode & 0o7777).toBe(0o755);
  });

  it('keeps links that stay inside and drops the setuid bit (zip)', async () => {
    const target = newTarget();
    await extractArchive(path.join(corpus, 'zip-safe.zip'), target, { limits });
    expect(await fs.readlink(path.join(target, 'top/link'))).toBe('a.txt');
    expect((await fs.stat(path.join(target, 'top/run.sh'))).mode & 0o7777).toBe(0o755);
  });
});
