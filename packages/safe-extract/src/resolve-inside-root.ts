import { lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** Linux gives up after 40 links in one lookup (ELOOP); so do we. */
const maxLinkHops = 40;

export type InsideRootResolution =
  /** Every step stayed inside the root. `missing` when a part does not exist (a dangling link). */
  | { kind: 'inside'; relativePath: string; missing: boolean }
  /** A link with an absolute target was reached, and the policy keeps those as they are. */
  | { kind: 'absolute-link'; link: string }
  | { kind: 'escapes'; via: string }
  | { kind: 'loop'; via: string };

/**
 * Resolves `relativePath` the way the kernel would, link by link, but inside
 * `root` only: a `..` above the root, or an absolute link target, is reported
 * instead of followed. Reads the tree with lstat and readlink alone, so it never
 * goes through a link it has not checked. A part that does not exist ends the
 * lookup of real files; the rest is taken as text, which is also where a later
 * `..` could only lead.
 */
export function resolveInsideRoot(root: string, relativePath: string, options: { absoluteLinks: 'escape' | 'stop' }): InsideRootResolution {
  const resolved: string[] = [];
  const pending = splitParts(relativePath).reverse();
  let hops = 0;
  let missing = false;
  while (pending.length > 0) {
    const part = pending.pop()!;
    if (part === '..') {
      if (resolved.length === 0) return { kind: 'escapes', via: joinParts([...resolved, part, ...[...pending].reverse()]) };
      resolved.pop();
      continue;
    }
    resolved.push(part);
    if (missing) continue;
    const here = path.join(root, ...resolved);
    const stats = lstatOrUndefined(here);
    if (!stats) {
      missing = true;
      continue;
    }
    if (!stats.isSymbolicLink()) continue;
    hops += 1;
    const link = joinParts(resolved);
    if (hops > maxLinkHops) return { kind: 'loop', via: link };
    const target = readlinkSync(here);
    if (path.isAbsolute(target)) {
      if (options.absoluteLinks === 'stop') return { kind: 'absolute-link', link };
      return { kind: 'escapes', via: link };
    }
    resolved.pop();
    pending.push(...splitParts(target).reverse());
  }
  return { kind: 'inside', relativePath: joinParts(resolved), missing };
}

function splitParts(text: string): string[] {
  return text.split('/').filter((part) => part !== '' && part !== '.');
}

function joinParts(parts: readonly string[]): string {
  return parts.length === 0 ? '.' : parts.join('/');
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a folder is named, so the rest does not exist either.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
