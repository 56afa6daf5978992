import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resolveInsideRoot } from '@runtime-env/safe-extract';
import { UnsafeGitTreeError } from '../working-dir-errors.js';

type Git = typeof import('isomorphic-git').default;

/** Names git itself refuses in a tree (its fsck): they would lead out of the folder, or into git's own metadata. */
function unsafeNameReason(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `the name "${name}" would leave its folder`;
  if (name.includes('/') || name.includes('\\') || name.includes('\0')) return 'a name holds a path separator or NUL byte';
  if (name.toLowerCase() === '.git') return 'a ".git" entry would write git metadata';
  return undefined;
}

/**
 * Checks the commit's whole tree before anything is written, with the rules an
 * archive gets: no name that leaves its folder, no two entries of one name (a
 * link and a folder of one name would let a checkout write through the link),
 * and no symlink whose text leads out (absolute, or `..` past the top). Returns
 * the symlinks, which `checkCheckedOutLinks` resolves once they exist.
 */
export async function checkTreeBeforeCheckout(git: Git, gitdir: string, commit: string, url: string): Promise<string[]> {
  const { commit: parsed } = await git.readCommit({ fs, gitdir, oid: commit });
  const links: string[] = [];
  const pending: { oid: string; folder: string }[] = [{ oid: parsed.tree, folder: '' }];
  while (pending.length > 0) {
    const { oid, folder } = pending.pop()!;
    const { tree } = await git.readTree({ fs, gitdir, oid }).catch((error: { code?: string; data?: { filepath?: string }; message: string }) => {
      // isomorphic-git refuses some of these names itself while parsing the tree.
      if (error.code !== 'UnsafeFilepathError') throw error;
      const name = error.data?.filepath ?? '?';
      throw new UnsafeGitTreeError(url, commit, folder ? `${folder}/${name}` : name, unsafeNameReason(name) ?? error.message);
    });
    const seen = new Set<string>();
    for (const entry of tree) {
      const entryPath = folder ? `${folder}/${entry.path}` : entry.path;
      const reason = unsafeNameReason(entry.path) ?? (seen.has(entry.path) ? 'the tree names it twice' : undefined);
      if (reason) throw new UnsafeGitTreeError(url, commit, entryPath, reason);
      seen.add(entry.path);
      if (entry.type === 'tree') pending.push({ oid: entry.oid, folder: entryPath });
      if (entry.mode === '120000') {
        const target = Buffer.from((await git.readBlob({ fs, gitdir, oid: entry.oid })).blob).toString('utf8');
        const textually = path.posix.normalize(path.posix.join(path.posix.dirname(entryPath), target));
        if (path.posix.isAbsolute(target) || textually === '..' || textually.startsWith('../')) {
          throw new UnsafeGitTreeError(url, commit, entryPath, `it is a symlink to "${target}", outside the working_dir`);
        }
        links.push(entryPath);
      }
    }
  }
  return links;
}

/** Every symlink of the checkout, resolved through the links really there: each must lead inside `directory`. */
export function checkCheckedOutLinks(directory: string, links: readonly string[], url: string, commit: string): void {
  for (const link of links) {
    const resolution = resolveInsideRoot(directory, link, { absoluteLinks: 'escape' });
    if (resolution.kind === 'escapes')
      throw new UnsafeGitTreeError(url, commit, link, `it is a symlink that leads outside the working_dir through "${resolution.via}"`);
    if (resolution.kind === 'loop') throw new UnsafeGitTreeError(url, commit, link, `it is a symlink, and the links from "${resolution.via}" on form a loop`);
  }
}
