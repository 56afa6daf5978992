import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const identity = ['-c', 'user.name=rtenv tests', '-c', 'user.email=tests@rtenv.invalid', '-c', 'init.defaultBranch=main'];

function git(cwd: string, args: string[]): string {
  return execFileSync('git', [...identity, ...args], { cwd, encoding: 'utf8' }).trim();
}

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

  dispose(): void {
    rmSync(this.workTree, { recursive: true, force: true });
  }
}
