import { execFileSync } from 'node:child_process';
import { promises as fs, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArchive, UnsafeArchiveError } from '../src/index.js';
import { writeRawTar, writeRawZip, type RawEntry } from './support/archive-writers.js';
import { snapshotTree } from './support/tree-snapshot.js';

const limits = { maxEntries: 1000, maxExtractedBytes: 64 * 1024 * 1024, maxCompressionRatio: 1000 };
let base: string;
let victim: string;
let targets: string;
let targetNumber = 0;

beforeAll(async () => {
  base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rtenv-links-')));
  victim = path.join(base, 'victim');
  targets = path.join(base, 'targets');
  mkdirSync(victim);
  mkdirSync(targets);
  writeFileSync(path.join(victim, 'f'), 'keep');
});
afterAll(() => fs.rm(base, { recursive: true, force: true }));

async function extract(name: string, bytes: Buffer): Promise<{ target: string; error: unknown }> {
  const archive = path.join(base, name);
  await fs.writeFile(archive, bytes);
  const target = path.join(targets, String(targetNumber++));
  const error = await extractArchive(archive, target, { limits }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { target, error };
}

const link = (name: string, target: string): RawEntry => ({ kind: 'symlink', name, target });

/** The archive of issue 11: each link harmless on its own text, the chain reaching `/`, then an entry through it. */
function chainToRoot(through: RawEntry['kind']): RawEntry[] {
  const deep = Array.from({ length: 40 }, (_, index) => `d${index}`).join('/');
  const last: RawEntry = through === 'symlink' ? link(`root${victim}`, 'gone') : { kind: 'file', name: `root${victim}/f`, content: Buffer.from('overwritten') };
  return [link(`${deep}/up`, '../'.repeat(40)), link('root', `${deep}/up/${'../'.repeat(40)}`), last];
}

describe('links are made without following links, and must lead inside', () => {
  for (const [format, write] of [
    ['tar.gz', (entries: RawEntry[]) => writeRawTar(entries, { gzip: true })],
    ['zip', writeRawZip],
  ] as const) {
    for (const through of ['symlink', 'file'] as const) {
      it(`refuses the chain of links to / (${format}, then a ${through} through it) and leaves the outside as it was`, async () => {
        const before = snapshotTree(base, (file) => file.startsWith(targets) || file.endsWith(`.${format}`));
        const { target, error } = await extract(`chain-${through}.${format}`, write(chainToRoot(through)));
        expect(error).toBeInstanceOf(UnsafeArchiveError);
        expect((error as Error).message).toMatch(
          /"root" is a link in the archive, and nothing is extracted through a link|"root": the archive has a folder and a link of this name/,
        );
        expect(snapshotTree(base, (file) => file.startsWith(targets) || file.endsWith(`.${format}`))).toEqual(before);
        expect(await fs.readFile(path.join(victim, 'f'), 'utf8')).toBe('keep');
        await expect(fs.access(target)).rejects.toThrow();
      });
    }
  }

  it('refuses a link that is harmless as text but leads outside through another link', async () => {
    const { error } = await extract(
      'through-another.tar',
      writeRawTar([{ kind: 'directory', name: 'a/b' }, link('a/b/up', '../..'), link('out', 'a/b/up/..')]),
    );
    expect((error as Error).message).toMatch(/"out": it is a symlink to "a\/b\/up\/\.\.", which leads outside the target folder through "\.\."/);
  });

  it('keeps chains of links that stay inside, whatever their order', async () => {
    const { target, error } = await extract(
      'inside-chain.tar',
      writeRawTar([
        link('first', 'second/file.txt'),
        link('second', 'real/../real'),
        { kind: 'file', name: 'real/file.txt', content: Buffer.from('inside') },
        link('real/self', '.'),
      ]),
    );
    expect(error).toBeUndefined();
    expect(await fs.readFile(path.join(target, 'first'), 'utf8')).toBe('inside');
    expect(await fs.readlink(path.join(target, 'real/self'))).toBe('.');
  });

  it('refuses a folder replaced by a link, and a loop of links', async () => {
    const replaced = await extract('replaced.tar', writeRawTar([{ kind: 'file', name: 'dir/file.txt', content: Buffer.from('x') }, link('dir', '.')]));
    expect((replaced.error as Error).message).toMatch(/"dir": the archive has a folder and a link of this name/);
    const loop = await extract('loop.tar', writeRawTar([link('a', 'b'), link('b', 'a')]));
    expect((loop.error as Error).message).toMatch(/form a loop/);
  });

  it('replaces an earlier file or link of the same name, as tar does', async () => {
    const { target, error } = await extract(
      'again.zip',
      writeRawZip([{ kind: 'file', name: 'x', content: Buffer.from('file') }, link('x', 'y'), link('x', 'z')]),
    );
    expect(error).toBeUndefined();
    expect(await fs.readlink(path.join(target, 'x'))).toBe('z');
  });
});

describe('names the file system cannot hold, and entries that are not extracted', () => {
  it('refuses a name part over 255 bytes, and a path over 4095, with the limit in the message', async () => {
    const longPart = await extract('long-part.tar', writeRawTar([{ kind: 'file', name: `${'n'.repeat(256)}/f`, content: Buffer.from('x') }]));
    expect((longPart.error as Error).message).toMatch(/one part of the name is 256 bytes long; file systems allow at most 255 bytes per name/);
    const longPath = await extract(
      'long-path.zip',
      writeRawZip([{ kind: 'file', name: Array.from({ length: 30 }, () => 'd'.repeat(150)).join('/'), content: Buffer.from('x') }]),
    );
    expect((longPath.error as Error).message).toMatch(/the path would be \d+ bytes long once extracted .*; the system allows at most 4095/);
  });

  it('refuses GNU sparse files in both of GNU tar formats instead of dropping them', async () => {
    const tree = path.join(base, 'sparse-tree');
    mkdirSync(tree);
    await fs.writeFile(path.join(tree, 'small.txt'), 'small');
    const handle = await fs.open(path.join(tree, 'sparse.bin'), 'w');
    await handle.truncate(64 * 1024 * 1024);
    await handle.write('end', 64 * 1024 * 1024 - 3);
    await handle.close();
    for (const format of ['gnu', 'posix']) {
      const archive = path.join(base, `sparse-${format}.tar`);
      execFileSync('tar', ['--sparse', `--format=${format}`, '-cf', archive, '-C', tree, '.']);
      const { target, error } = await extract(`sparse-copy-${format}.tar`, await fs.readFile(archive));
      expect(error, format).toBeInstanceOf(UnsafeArchiveError);
      expect((error as Error).message, format).toMatch(/sparse/);
      await expect(fs.access(target)).rejects.toThrow();
    }
  });

  it('turns a file and a folder of one name into a reason, not an errno', async () => {
    const { error } = await extract(
      'file-then-folder.tar.gz',
      writeRawTar(
        [
          { kind: 'file', name: 'a', content: Buffer.from('x') },
          { kind: 'file', name: 'a/b', content: Buffer.from('y') },
        ],
        { gzip: true },
      ),
    );
    expect(error).toBeInstanceOf(UnsafeArchiveError);
    expect((error as Error).message).toMatch(/"a\/b": a file of the archive stands where this entry needs a folder/);
  });

  it('calls bytes that are not an archive what they are', async () => {
    const whole = writeRawTar([{ kind: 'file', name: 'a', content: Buffer.alloc(100_000, 7) }], { gzip: true });
    const { error } = await extract('cut.tar.gz', whole.subarray(0, whole.length - 20));
    expect(error).toBeInstanceOf(UnsafeArchiveError);
    expect((error as Error).message).toMatch(/not a well-formed/);
  });
});
