import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const identity = ['-c', 'user.name=rtenv tests', '-c', 'user.email=tests@rtenv.invalid', '-c', 'init.defaultBranch=main'];

function git(cwd: string, args: string[], input?: string | Buffer): string {
  return execFileSync('git', [...identity, ...args], { cwd, encoding: 'utf8', input }).trim();
}

/**
 * One entry of a tree written as given: names and modes are not checked, so a
 * test can serve what a hostile git host could (`..`, `.git`, two entries of one
 * name, links out of the repository).
 */
export type RawGitTreeEntry =
  | { name: string; mode: '100644' | '100755' | '120000'; content: string }
  | { name: string; mode: '40000'; entries: RawGitTreeEntry[] };

/** A bare repository `<root>/<name>` that tests push commits to, as a git host would hold it. */
export class TestGitRepository {
  private readonly workTree: string;

  constructor(readonly bareDirectory: string) {
    mkdirSync(bareDirectory, { recursive: true });
    git(bareDirectory, ['init', '-q', '--bare']);
    this.workTree = mkdtempSync(path.join(os.tmpdir(), 'rtenv-git-work-'));
    git(this.workTree, ['init', '-q']);
    git(this.workTree, ['remote', 'add', 'origin', bareDirectory]);
  }

  /** Commits `files` (path to content) on `branch` (created from the current commit if new) and pushes; returns the commit id. */
  commit(branch: string, files: Record<string, string>, message = 'test commit'): string {
    const branches = git(this.workTree, ['branch', '--list', branch]);
    const hasCommits = git(this.workTree, ['rev-list', '--all', '--count']) !== '0';
    if (hasCommits) git(this.workTree, branches ? ['checkout', '-q', branch] : ['checkout', '-q', '-b', branch]);
    else git(this.workTree, ['checkout', '-q', '-b', branch]);
    for (const [relativePath, content] of Object.entries(files)) {
      const target = path.join(this.workTree, relativePath);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    git(this.workTree, ['add', '-A']);
    git(this.workTree, ['commit', '-q', '--allow-empty', '-m', message]);
    git(this.workTree, ['push', '-q', '-f', 'origin', branch]);
    return git(this.workTree, ['rev-parse', 'HEAD']);
  }

  /** Tags a commit (annotated, as releases usually are) and pushes the tag. */
  tag(name: string, commit: string): void {
    git(this.workTree, ['tag', '-a', '-f', '-m', name, name, commit]);
    git(this.workTree, ['push', '-q', '-f', 'origin', `refs/tags/${name}`]);
  }

  /** Commits a tree of raw entries on `branch` (replacing its history) straight into the bare repository; returns the commit id. */
  commitRawTree(branch: string, entries: readonly RawGitTreeEntry[], message = 'raw tree'): string {
    const tree = this.writeRawTree(entries);
    const commit = git(this.bareDirectory, ['commit-tree', tree, '-m', message]);
    git(this.bareDirectory, ['update-ref', `refs/heads/${branch}`, commit]);
    return commit;
  }

  private writeRawTree(entries: readonly RawGitTreeEntry[]): string {
    const parts: Buffer[] = [];
    for (const entry of entries) {
      const oid = entry.mode === '40000' ? this.writeRawTree(entry.entries) : git(this.bareDirectory, ['hash-object', '-w', '--stdin'], entry.content);
      parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`), Buffer.from(oid, 'hex'));
    }
    return git(this.bareDirectory, ['hash-object', '-w', '-t', 'tree', '--literally', '--stdin'], Buffer.concat(parts));
  }

  dispose(): void {
    rmSync(this.workTree, { recursive: true, force: true });
  }
}
