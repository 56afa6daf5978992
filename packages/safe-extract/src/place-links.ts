import { lstatSync, mkdirSync, symlinkSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { DeferredLink } from './extracted-entry.js';
import type { ExtractionGuard } from './extraction-guard.js';
import { resolveInsideRoot } from './resolve-inside-root.js';

/**
 * Makes the archive's symlinks, after every file and folder is in place, then
 * checks where each one really leads.
 *
 * Making a link touches only the target: each folder on the way is looked at
 * with lstat and must be a real folder (a link there is refused, never
 * followed), and what stands at the link's own name is removed only if it is a
 * file or an earlier link (never a folder, never recursively).
 *
 * Checking comes after all links exist, because a link that looks harmless on
 * its own can lead outside through another one (`a -> b/../..` with `b -> x/y`):
 * each link is resolved part by part through the links that are really there,
 * and the archive is refused if any step leaves the target.
 */
export function placeLinks(guard: ExtractionGuard, links: readonly DeferredLink[]): void {
  const root = guard.targetDirectory;
  const knownFolders = new Set<string>(['.']);
  for (const link of links) {
    try {
      ensureRealFolders(guard, root, path.posix.dirname(link.relativePath), knownFolders, link.relativePath);
      clearNameForLink(guard, link);
      symlinkSync(link.target, link.absolutePath);
    } catch (error) {
      guard.rejectFilesystemError(link.relativePath, error);
    }
  }
  const absoluteLinks = guard.linkTargets === 'inside-or-absolute' ? 'stop' : 'escape';
  for (const link of links) {
    const resolution = resolveInsideRoot(root, link.relativePath, { absoluteLinks });
    if (resolution.kind === 'escapes') {
      guard.reject(link.relativePath, `it is a symlink to "${link.target}", which leads outside the target folder through "${resolution.via}"`);
    }
    if (resolution.kind === 'loop')
      guard.reject(link.relativePath, `it is a symlink to "${link.target}", and the links from "${resolution.via}" on form a loop`);
  }
}

/** Every folder of `relativeFolder`, made where missing; a link or a file on the way is refused. */
function ensureRealFolders(guard: ExtractionGuard, root: string, relativeFolder: string, knownFolders: Set<string>, entry: string): void {
  if (knownFolders.has(relativeFolder)) return;
  const parts = relativeFolder.split('/');
  for (let count = 1; count <= parts.length; count += 1) {
    const folder = parts.slice(0, count).join('/');
    if (knownFolders.has(folder)) continue;
    const absolute = path.join(root, folder);
    const stats = lstatOrUndefined(absolute);
    if (!stats) mkdirSync(absolute, { mode: 0o755 });
    else if (stats.isSymbolicLink()) guard.reject(entry, `its folder "${folder}" is a link in the archive, and nothing is extracted through a link`);
    else if (!stats.isDirectory()) guard.reject(entry, `its folder "${folder}" is a file in the archive`);
    knownFolders.add(folder);
  }
}

function clearNameForLink(guard: ExtractionGuard, link: DeferredLink): void {
  const existing = lstatOrUndefined(link.absolutePath);
  if (!existing) return;
  if (existing.isDirectory()) guard.reject(link.relativePath, 'the archive has a folder and a link of this name');
  // A later entry of the same name replaces an earlier one, as tar does.
  unlinkSync(link.absolutePath);
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
