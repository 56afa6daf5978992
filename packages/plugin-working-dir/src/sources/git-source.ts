import { promises as fs } from 'node:fs';
import { RuntimeEnvError, SetupFailure } from '@runtime-env/plugin-api';
import type { WorkingDirOptions } from '../plugin-options.js';
import { UnsafeGitTreeError } from '../working-dir-errors.js';
import { checkCheckedOutLinks, checkTreeBeforeCheckout } from './git-tree-check.js';
import { httpHeaders } from './http-auth.js';

export interface GitRevision {
  branch?: string;
  tag?: string;
  commit?: string;
}

/** `git+https://host/repo.git` or `https://host/repo.git`: the URL isomorphic-git talks to. */
export function gitTransportUrl(source: string): string {
  return source.replace(/^git\+/, '');
}

export function isGitSource(source: string): boolean {
  return /^git\+https?:\/\//.test(source) || /^https?:\/\/.+\.git\/?$/.test(source);
}

async function loadGit() {
  const [{ default: git }, { default: http }] = await Promise.all([import('isomorphic-git'), import('isomorphic-git/http/node')]);
  return { git, http };
}

/**
 * The commit a branch or tag points at now (the default branch when neither is
 * given). A pinned commit is returned as it is. Resolving at hash time means a
 * branch that moved gives a new URI, so an old build is never served for it.
 */
export async function resolveGitCommit(source: string, revision: GitRevision, options: WorkingDirOptions): Promise<string> {
  if (revision.commit) return revision.commit.toLowerCase();
  const { git, http } = await loadGit();
  const url = gitTransportUrl(source);
  let refs: { ref: string; oid: string; peeled?: string }[];
  try {
    refs = await git.listServerRefs({ http, url, headers: httpHeaders(options), peelTags: true, symrefs: true });
  } catch (error) {
    throw new RuntimeEnvError('git_unreachable', `cannot list the refs of ${url}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check the URL (smart HTTP is needed) and, for a private repository, httpBearerToken',
    });
  }
  const wanted = revision.tag ? `refs/tags/${revision.tag}` : revision.branch ? `refs/heads/${revision.branch}` : 'HEAD';
  const found = refs.find((ref) => ref.ref === wanted);
  if (!found) {
    const kind = revision.tag ? 'tag' : revision.branch ? 'branch' : 'default branch';
    throw new RuntimeEnvError('git_ref_not_found', `${url} has no ${kind} "${revision.tag ?? revision.branch ?? 'HEAD'}"`, {
      hint: `existing branches: ${
        refs
          .filter((ref) => ref.ref.startsWith('refs/heads/'))
          .map((ref) => ref.ref.slice(11))
          .join(', ') || '(none)'
      }`,
    });
  }
  return found.peeled ?? found.oid;
}

/**
 * Checks out `commit` of the repository into `directory` with a shallow fetch. The
 * git metadata goes to `gitDirectory`, which the caller removes, so the
 * working_dir holds the tree only.
 */
export async function checkoutGitCommit(
  source: string,
  commit: string,
  directory: string,
  gitDirectory: string,
  options: WorkingDirOptions,
  signal?: AbortSignal,
): Promise<void> {
  const { git, http } = await loadGit();
  const url = gitTransportUrl(source);
  await fs.mkdir(directory, { recursive: true });
  await git.init({ fs, dir: directory, gitdir: gitDirectory });
  await git.addRemote({ fs, gitdir: gitDirectory, remote: 'origin', url });
  try {
    signal?.throwIfAborted();
    await git.fetch({
      fs,
      http,
      dir: directory,
      gitdir: gitDirectory,
      remote: 'origin',
      ref: commit,
      depth: 1,
      singleBranch: true,
      tags: false,
      headers: httpHeaders(options),
    });
    signal?.throwIfAborted();
    // The server is not trusted: its tree is checked as an archive would be, before and after the checkout.
    const links = await checkTreeBeforeCheckout(git, gitDirectory, commit, url);
    await git.checkout({ fs, dir: directory, gitdir: gitDirectory, ref: commit, force: true });
    checkCheckedOutLinks(directory, links, url, commit);
  } catch (error) {
    if (signal?.aborted || error instanceof UnsafeGitTreeError) throw error;
    throw SetupFailure.transient(`fetching commit ${commit} of ${url} failed: ${(error as Error).message}`, {
      cause: error,
      code: 'git_fetch_failed',
      hint: 'the server must allow fetching a commit by its id (uploadpack.allowReachableSHA1InWant)',
    });
  }
}
