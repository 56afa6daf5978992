import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';

/** `[path, size, mtimeMs, ctimeMs, inode, device]` of the package file when its content was known good. */
type Seal = [string, number, number, number, number, number];

/** Where packages of a local store that this node wrote or checked are sealed; `hash` and `create` share it. */
export function sealDirectoryOf(pluginDirectory: string): string {
  return path.join(pluginDirectory, 'package-seals');
}

function sealOf(filePath: string, stats: Stats): Seal {
  return [filePath, stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, stats.dev];
}

function sealFile(sealDirectory: string, packageName: string): string {
  return path.join(sealDirectory, `${packageName.replaceAll('/', '_')}.json`);
}

/**
 * Records that the package file at `filePath` (in a local store) holds exactly
 * the content its name promises: this node wrote it from the bytes it hashed, or
 * hashed it whole while extracting it. Any later write, replacement or copy
 * changes its inode, size, mtime or ctime, as git's index relies on, so while
 * those match, extracting it again need not hash every byte to check it. Our own
 * writers never edit a package in place (they rename a new file over it, which
 * changes the inode), so an edit in the clock tick of the seal, which could keep
 * the times, would take a writer outside this plugin; one with write access to
 * the store could as well rewrite the seal.
 */
export async function sealPackage(sealDirectory: string, packageName: string, filePath: string, stats?: Stats): Promise<void> {
  const seal = sealOf(filePath, stats ?? (await fs.stat(filePath)));
  const target = sealFile(sealDirectory, packageName);
  const temporary = `${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.mkdir(sealDirectory, { recursive: true });
    await fs.writeFile(temporary, JSON.stringify(seal));
    await fs.rename(temporary, target);
  } catch {
    // A seal only saves time; without it the package is checked in full.
    await fs.rm(temporary, { force: true });
  }
}

/** True when `filePath` is the very file sealed for `packageName`, unchanged since. */
export async function isSealed(sealDirectory: string, packageName: string, filePath: string, stats: Stats): Promise<boolean> {
  try {
    const stored = JSON.parse(await fs.readFile(sealFile(sealDirectory, packageName), 'utf8')) as unknown;
    const current = sealOf(filePath, stats);
    return Array.isArray(stored) && stored.length === current.length && current.every((value, index) => stored[index] === value);
  } catch {
    return false;
  }
}
