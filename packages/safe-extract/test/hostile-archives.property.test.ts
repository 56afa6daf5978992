import { promises as fs, lstatSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArchive, UnsafeArchiveError } from '../src/index.js';
import { writeRawTar, writeRawZip, type RawEntry } from './support/archive-writers.js';
import { snapshotTree } from './support/tree-snapshot.js';

/**
 * Thousands of generated archives built from links, chains of links, links to
 * links, hard links, `..`, absolute names, duplicate names, folders replaced by
 * links and over-long names. Each is extracted into a target four levels deep in
 * a canary tree; whatever the archive holds, nothing outside the target may
 * change, a refusal must be an `UnsafeArchiveError` that leaves no target, and
 * an accepted archive may only hold links that lead inside the target.
 *
 * The generator is seeded: a failure prints its seed and the archive's entries,
 * and `SAFE_EXTRACT_SEED` / `SAFE_EXTRACT_RUNS` replay or widen the search.
 */
const runs = Number(process.env.SAFE_EXTRACT_RUNS ?? 2000);
const firstSeed = Number(process.env.SAFE_EXTRACT_SEED ?? 20261203);
const limits = { maxEntries: 1000, maxExtractedBytes: 1024 * 1024, maxCompressionRatio: 1000 };

let base: string;
let canary: string;
let targetsFolder: string;

beforeAll(() => {
  base = realpathSync(mkdtempSyncIn(os.tmpdir()));
  canary = path.join(base, 'canary');
  targetsFolder = path.join(canary, 'a', 'b', 'c');
  mkdirSync(path.join(canary, 'victim', 'sub'), { recursive: true });
  mkdirSync(targetsFolder, { recursive: true });
  writeFileSync(path.join(canary, 'victim', 'f'), 'keep');
  writeFileSync(path.join(canary, 'victim', 'sub', 'g'), 'keep too');
  writeFileSync(path.join(canary, 'file.txt'), 'canary');
  writeFileSync(path.join(targetsFolder, 'neighbour.txt'), 'beside the target');
  mkdirSync(path.join(base, 'archives'));
});
afterAll(() => fs.rm(base, { recursive: true, force: true }));

function mkdtempSyncIn(directory: string): string {
  const made = path.join(directory, `rtenv-safe-extract-${process.pid}-${Date.now()}`);
  mkdirSync(made);
  return made;
}

/** mulberry32: small, seedable, good enough to spread choices. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const below = (count: number): number => Math.floor(next() * count);
  const pick = <T>(items: readonly T[]): T => items[below(items.length)]!;
  return { next, below, pick };
}

type Random = ReturnType<typeof randomSource>;

function generateEntries(random: Random): RawEntry[] {
  const entries: RawEntry[] = [];
  const names: string[] = [];
  const part = (): string => random.pick(['a', 'b', 'x', 'victim', 'sub', 'f', 'up', '..', '.', '', 'n'.repeat(256), 'l'.repeat(200)]);
  const relativeName = (): string => Array.from({ length: 1 + random.below(4) }, part).join('/');
  const ups = (): string => '../'.repeat(random.below(6));
  const name = (): string => {
    const choice = random.below(10);
    if (choice < 3 || names.length === 0) return relativeName();
    if (choice < 5) return random.pick(names);
    if (choice < 7) return `${random.pick(names)}/${relativeName()}`;
    if (choice < 8) return `${canary}/${random.pick(['victim/f', 'victim/new', 'victim', 'file.txt'])}`;
    if (choice < 9) return `${ups()}${random.pick(['victim/f', 'canary/victim/f', 'escaped', 'file.txt'])}`;
    return Array.from({ length: 30 }, () => 'd'.repeat(150)).join('/');
  };
  const linkTarget = (): string => {
    const choice = random.below(9);
    if (choice < 2) return `${ups()}${relativeName()}`;
    if (choice < 4 && names.length > 0) return `${ups()}${random.pick(names)}`;
    if (choice < 5 && names.length > 0) return `${random.pick(names)}/${ups()}${random.pick(['', 'victim', 'canary/victim'])}`;
    if (choice < 6) return random.pick([`${canary}/victim`, canary, '/', '/tmp']);
    if (choice < 7) return random.pick(['.', '..', './', 'up/..']);
    if (choice < 8) return '../'.repeat(1 + random.below(40));
    return random.pick(['victim', 'a/b', 'f']);
  };
  const count = 1 + random.below(8);
  for (let index = 0; index < count; index += 1) {
    const kind = random.below(10);
    const entryName = name();
    if (kind < 3) entries.push({ kind: 'file', name: entryName, content: Buffer.from(`written by entry ${index}`) });
    else if (kind < 5) entries.push({ kind: 'directory', name: entryName });
    else if (kind < 9) entries.push({ kind: 'symlink', name: entryName, target: linkTarget() });
    else entries.push({ kind: 'hardlink', name: entryName, target: random.pick([...names, `${canary}/victim/f`, '../../../../victim/f', 'f']) });
    names.push(entryName);
  }
  return entries;
}

/** The attack of issue 11, with names drawn at random: a deep link back to the top, a link through it to `/`, an entry through that. */
function chainEscape(random: Random): RawEntry[] {
  const depth = 2 + random.below(40);
  const deep = Array.from({ length: depth }, (_, index) => `d${index}`).join('/');
  const root = random.pick(['root', 'r', 'x']);
  const climb = '../'.repeat(depth + random.below(8));
  return [
    { kind: 'symlink', name: `${deep}/up`, target: '../'.repeat(depth) },
    { kind: 'symlink', name: root, target: `${deep}/up/${climb}` },
    random.below(2) === 0
      ? { kind: 'symlink', name: `${root}${canary}/victim`, target: 'gone' }
      : { kind: 'file', name: `${root}${canary}/victim/f`, content: Buffer.from('overwritten') },
  ];
}

/** The entries for a failure message, with long runs of one character shortened (`d×150`). */
function describeEntries(entries: readonly RawEntry[]): string {
  return JSON.stringify(entries.map((entry) => ({ ...entry, content: undefined }))).replace(
    /(.)\1{9,}/g,
    (run, character: string) => `${character}×${run.length}`,
  );
}

function writeArchive(file: string, format: 'tar' | 'tar.gz' | 'zip', entries: readonly RawEntry[]): void {
  writeFileSync(file, format === 'zip' ? writeRawZip(entries) : writeRawTar(entries, { gzip: format === 'tar.gz' }));
}

/** Every symlink below `directory`, found without following any (Node's recursive readdir follows them). */
function symlinksUnder(directory: string): string[] {
  const links: string[] = [];
  for (const name of readdirSync(directory)) {
    const file = path.join(directory, name);
    const stats = lstatSync(file);
    if (stats.isSymbolicLink()) links.push(file);
    else if (stats.isDirectory()) links.push(...symlinksUnder(file));
  }
  return links;
}

function leadsInside(link: string, target: string): boolean {
  try {
    const real = realpathSync(link);
    return real === target || real.startsWith(`${target}/`);
  } catch (error) {
    // A dangling link leads nowhere (a missing name, or a file used as a folder); a loop is not acceptable.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

describe('generated hostile archives never change anything outside the target', () => {
  it(`${runs} archives (tar, tar.gz, zip)`, async () => {
    const formats = ['tar', 'tar.gz', 'zip'] as const;
    const outcomes = { accepted: 0, refused: 0 };
    for (let run = 0; run < runs; run += 1) {
      const seed = firstSeed + run;
      const random = randomSource(seed);
      const entries = random.below(6) === 0 ? chainEscape(random) : generateEntries(random);
      const format = formats[run % formats.length]!;
      const archive = path.join(base, 'archives', `archive-${run}.${format}`);
      writeArchive(archive, format, entries);
      const target = path.join(targetsFolder, `t${run}`);
      const isTarget = (file: string) => file === target || file.startsWith(`${target}/`) || file === path.join(base, 'archives');
      const before = snapshotTree(base, isTarget);
      const context = `seed ${seed}, ${format}, entries ${describeEntries(entries)}`;
      const error = await extractArchive(archive, target, { limits }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(snapshotTree(base, isTarget), context).toEqual(before);
      if (error) {
        outcomes.refused += 1;
        expect(error, `${context}: ${String(error)}`).toBeInstanceOf(UnsafeArchiveError);
        expect(() => lstatSync(target), context).toThrow();
      } else {
        outcomes.accepted += 1;
        for (const link of symlinksUnder(target)) expect(leadsInside(link, target), `${context}: ${link}`).toBe(true);
        await fs.rm(target, { recursive: true });
      }
      await fs.rm(archive);
    }
    // Both outcomes must be common, or the generator is not exploring.
    expect(outcomes.accepted, JSON.stringify(outcomes)).toBeGreaterThan(runs / 20);
    expect(outcomes.refused, JSON.stringify(outcomes)).toBeGreaterThan(runs / 20);
  }, 600_000);
});
