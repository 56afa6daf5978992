import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { resolveInsideRoot } from './resolve-inside-root.js';

/** A path named by untrusted input that would lead outside its root. */
export class OutsideRootError extends Error {
  constructor(
    readonly relativePath: string,
    readonly reason: string,
  ) {
    super(`"${relativePath}" ${reason}`);
    this.name = 'OutsideRootError';
  }
}

/**
 * Paths named by untrusted input (a package's file list, say), resolved inside
 * one root folder: `..` and absolute names are refused, and a link on the way is
 * followed only while it stays inside the root (an absolute link target counts
 * as outside). What comes back is a real path whose folders are real folders
 * inside the root, so writing to it cannot change anything outside.
 *
 * The root's own tree is trusted not to change under it between calls (the
 * caller is the only writer), which is what lets resolved folders be cached.
 */
export class ContainedRoot {
  private readonly realFolders = new Map<string, string>();

  constructor(readonly root: string) {}

  /**
   * Where to write `relativePath`: its folder resolved inside the root and made
   * where missing, joined with its own name. The name itself is not followed: a
   * link already there is replaced by whoever writes, never written through, as
   * long as the writer creates exclusively (`wx`, `link`, `COPYFILE_EXCL`).
   */
  placeFor(relativePath: string): string {
    const parts = checkedParts(relativePath);
    const name = parts.pop();
    if (name === undefined) throw new OutsideRootError(relativePath, 'names the root itself');
    return path.join(this.folder(parts, relativePath), name);
  }

  /** A folder, resolved inside the root as `placeFor` resolves a parent, and made where missing. */
  folderFor(relativePath: string): string {
    return this.folder(checkedParts(relativePath), relativePath);
  }

  /** An existing entry to read, its whole path (the name included) resolved inside the root. */
  existing(relativePath: string): string {
    const resolution = resolveInsideRoot(this.root, checkedParts(relativePath).join('/'), { absoluteLinks: 'escape' });
    if (resolution.kind !== 'inside') throw new OutsideRootError(relativePath, describe(resolution));
    if (resolution.missing) throw new OutsideRootError(relativePath, 'does not exist');
    return path.join(this.root, resolution.relativePath);
  }

  private folder(parts: readonly string[], relativePath: string): string {
    const key = parts.join('/');
    const known = this.realFolders.get(key);
    if (known !== undefined) return known;
    const resolution = resolveInsideRoot(this.root, key, { absoluteLinks: 'escape' });
    if (resolution.kind !== 'inside') throw new OutsideRootError(relativePath, describe(resolution));
    const folder = path.join(this.root, resolution.relativePath);
    // Only parts past the last existing one are made, and none of those can be a link.
    if (resolution.missing) mkdirSync(folder, { recursive: true });
    this.realFolders.set(key, folder);
    return folder;
  }
}

function checkedParts(relativePath: string): string[] {
  if (relativePath.includes('\0')) throw new OutsideRootError(relativePath, 'contains a NUL byte');
  if (path.isAbsolute(relativePath)) throw new OutsideRootError(relativePath, 'is an absolute path');
  const parts = relativePath.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new OutsideRootError(relativePath, 'contains ".."');
  return parts;
}

function describe(resolution: { kind: string; via?: string; link?: string }): string {
  if (resolution.kind === 'loop') return `runs through links that form a loop at "${resolution.via}"`;
  return `leads outside its folder through "${resolution.via ?? resolution.link}"`;
}
