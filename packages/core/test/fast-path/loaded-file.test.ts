import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changedLoadedFile, checkLoadedFiles, loadedFileOf } from '../../src/fast-path/loaded-file.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

// A clock well past the file's last change, as when a later run records a file installed long ago.
const later = (): number => Date.now() + 60_000;
// Lets the filesystem's coarse clock tick, so the next change gets another ctime (the 2 s rule does this in real use).
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe('loaded files: the stamp that spares reading, and the digest that stays the authority', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let file: string;

  beforeEach(() => {
    directory = temporaryDirectory('rtenv-loaded-file-');
    file = join(directory.path, 'plugin.mjs');
    writeFileSync(file, 'export const a = 1;\n');
  });
  afterEach(() => directory.remove());

  it('records no stamp for a file changed just now (its bytes may predate a change in the same clock tick)', () => {
    expect(loadedFileOf(file).stamp).toBeUndefined();
  });

  it('trusts an equal stamp without reading: a record whose digest is wrong still matches', () => {
    const recorded = loadedFileOf(file, undefined, later());
    expect(recorded.stamp).toMatch(/^\d+:\d+:\d+:\d+$/);
    expect(changedLoadedFile([recorded])).toBeUndefined();
    // Only the stamp can have vouched for this one; without it the digest decides.
    const wrongDigest = { ...recorded, sha256: '0'.repeat(64) };
    expect(changedLoadedFile([wrongDigest])).toBeUndefined();
    const { stamp: _stamp, ...unstamped } = wrongDigest;
    expect(changedLoadedFile([unstamped])).toBe(`${file} changed`);
  });

  it('hands back to the digest after a rewrite of the same size with the modification time restored', async () => {
    const recorded = loadedFileOf(file, undefined, later());
    await tick();
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'export const b = 1;\n');
    utimesSync(file, atime, mtime);
    expect(changedLoadedFile([recorded])).toBe(`${file} changed`);
  });

  it('still matches a file only touched (its stamp changed, its digest did not)', async () => {
    const recorded = loadedFileOf(file, undefined, later());
    await tick();
    const bytes = readFileSync(file);
    writeFileSync(file, bytes);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(changedLoadedFile([recorded])).toBeUndefined();
  });

  it('gives a file its digest confirmed a new stamp once settled, so the next check reads it no more', async () => {
    const recorded = loadedFileOf(file, undefined, later());
    const other = join(directory.path, 'other.mjs');
    writeFileSync(other, 'export const c = 1;\n');
    const untouched = loadedFileOf(other, undefined, later());
    await tick();
    // Reinstalled with the same content: a new ctime, the same bytes.
    writeFileSync(file, readFileSync(file));
    const stampNow = statSync(file, { bigint: true });
    // Changed just now: confirmed by its digest, but no stamp can vouch for it yet.
    expect(checkLoadedFiles([recorded, untouched])).toEqual({ changed: undefined, restamped: undefined });
    const settled = checkLoadedFiles([recorded, untouched], later());
    expect(settled.changed).toBeUndefined();
    expect(settled.restamped).toEqual([{ ...recorded, stamp: `${stampNow.dev}:${stampNow.ino}:${stampNow.mtimeNs}:${stampNow.ctimeNs}` }, untouched]);
    // The new stamp vouches without reading: proven by a wrong digest that still matches.
    expect(checkLoadedFiles([{ ...settled.restamped![0]!, sha256: '0'.repeat(64) }], later())).toEqual({ changed: undefined, restamped: undefined });
    // Nothing to store when every stamp still matches, and nothing at all when a file changed.
    expect(checkLoadedFiles(settled.restamped!, later())).toEqual({ changed: undefined, restamped: undefined });
    writeFileSync(other, 'export const d = 1;\n');
    expect(checkLoadedFiles([recorded, untouched], later())).toEqual({ changed: `${other} changed`, restamped: undefined });
  });
});
