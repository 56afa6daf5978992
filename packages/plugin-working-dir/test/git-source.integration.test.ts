import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHttpServer, TestGitRepository, type GitHttpServer } from '@runtime-env/testkit';
import { emptyLaunchContext } from '@runtime-env/core';
import { workingDirPlugin, parseKey } from '../src/index.js';
import { makeNode } from './support/hook-context.js';

let node: Awaited<ReturnType<typeof makeNode>>;
let server: GitHttpServer;
let repository: TestGitRepository;
let repositoryUrl: string;
const commits: Record<string, string> = {};

beforeAll(async () => {
  node = await makeNode();
  const gitRoot = path.join(node.root, 'git');
  repository = new TestGitRepository(path.join(gitRoot, 'project.git'));
  commits.first = repository.commit('main', { 'main.py': 'VERSION = 1\n', 'pkg/__init__.py': '' });
  repository.tag('v1.0', commits.first);
  commits.feature = repository.commit('feature', { 'main.py': 'VERSION = "feature"\n' });
  server = await startGitHttpServer({ root: gitRoot });
  repositoryUrl = server.repositoryUrl('project.git');
});
afterAll(async () => {
  await server?.close();
  repository?.dispose();
  await node?.cleanup();
});

async function hashAndCreate(runtimeEnv: Record<string, unknown>) {
  const [uri] = (await workingDirPlugin.hash(repositoryUrl, node.hashContext({ working_dir: repositoryUrl, ...runtimeEnv }))).keys;
  const ctx = await node.createContext(uri!);
  await workingDirPlugin.create!(repositoryUrl, { ...ctx, uri: uri!, key: uri! });
  const context = emptyLaunchContext();
  await workingDirPlugin.modifyContext!(repositoryUrl, { ...node.modifyContextContext(), uris: [uri!], context: context });
  return { uri: uri!, directory: ctx.directory, workingDirectory: context.workingDirectory! };
}

describe('working_dir from a git repository over smart HTTP', () => {
  it('checks out a branch at the commit it resolved to, without git metadata', async () => {
    const { uri, directory, workingDirectory } = await hashAndCreate({ git_branch: 'feature' });
    expect(parseKey(uri).identity).toEqual({ kind: 'commit', value: commits.feature });
    expect(uri).toContain(`git+${repositoryUrl}`);
    expect(await fs.readFile(path.join(workingDirectory, 'main.py'), 'utf8')).toBe('VERSION = "feature"\n');
    expect(await fs.readdir(directory)).toEqual(['content']);
    await expect(fs.access(path.join(workingDirectory, '.git'))).rejects.toThrow();
  });

  it('checks out an annotated tag at the commit it points to', async () => {
    const { uri, workingDirectory } = await hashAndCreate({ git_tag: 'v1.0' });
    expect(parseKey(uri).identity.value).toBe(commits.first);
    expect(await fs.readFile(path.join(workingDirectory, 'main.py'), 'utf8')).toBe('VERSION = 1\n');
  });

  it('checks out a pinned commit that no branch points at any more', async () => {
    repository.commit('main', { 'main.py': 'VERSION = 2\n' });
    const { uri, workingDirectory } = await hashAndCreate({ git_commit: commits.first });
    expect(parseKey(uri).identity.value).toBe(commits.first);
    expect(await fs.readFile(path.join(workingDirectory, 'main.py'), 'utf8')).toBe('VERSION = 1\n');
  });

  it('gives a new URI when the branch moves, and the same one while it stays', async () => {
    const hashBranch = async () => (await workingDirPlugin.hash(repositoryUrl, node.hashContext({ git_branch: 'main' }))).keys[0];
    const before = await hashBranch();
    expect(await hashBranch()).toBe(before);
    const moved = repository.commit('main', { 'main.py': 'VERSION = 3\n' });
    const after = await hashBranch();
    expect(after).not.toBe(before);
    expect(parseKey(after!).identity.value).toBe(moved);
  });

  it('uses the default branch when no revision is given, and names a missing branch', async () => {
    const [uri] = (await workingDirPlugin.hash(repositoryUrl, node.hashContext({}))).keys;
    expect(uri).toMatch(/#commit=[0-9a-f]{40}$/);
    await expect(Promise.resolve(workingDirPlugin.hash(repositoryUrl, node.hashContext({ git_branch: 'nope' })))).rejects.toThrow(
      /has no branch "nope"[\s\S]*existing branches: feature, main/,
    );
  });
});

describe('a hostile git host', () => {
  let victim: string;
  beforeAll(async () => {
    victim = path.join(node.root, 'victim');
    await fs.mkdir(victim, { recursive: true });
    await fs.writeFile(path.join(victim, 'f'), 'keep');
  });

  async function refusal(branch: string, entries: Parameters<TestGitRepository['commitRawTree']>[1]): Promise<{ error: Error; created: string }> {
    repository.commitRawTree(branch, entries);
    const [uri] = (await workingDirPlugin.hash(repositoryUrl, node.hashContext({ git_branch: branch }))).keys;
    const ctx = await node.createContext(uri!);
    const error = await Promise.resolve(workingDirPlugin.create!(repositoryUrl, { ...ctx, uri: uri!, key: uri! })).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    if (!error) throw new Error(`branch ${branch} was checked out`);
    return { error, created: ctx.directory };
  }

  async function expectNothingOutside(created: string): Promise<void> {
    expect(await fs.readdir(victim)).toEqual(['f']);
    expect(await fs.readFile(path.join(victim, 'f'), 'utf8')).toBe('keep');
    expect(await fs.readdir(created)).toEqual([]);
  }

  it('refuses a tree with a ".." entry or a ".git" folder before writing anything', async () => {
    for (const [branch, name] of [
      ['dot-dot', '..'],
      ['dot-git', '.GIT'],
    ] as const) {
      const { error, created } = await refusal(branch, [{ name, mode: '40000', entries: [{ name: 'f', mode: '100644', content: 'planted' }] }]);
      expect(error.message, branch).toMatch(new RegExp(`was refused at "${name.replace(/\./g, '\\.')}"`));
      await expectNothingOutside(created);
    }
  });

  it('refuses a link and a folder of one name, which would let the checkout write through the link', async () => {
    const relativeVictim = path.relative(path.join(node.root, 'anywhere'), victim);
    const { error, created } = await refusal('twice', [
      { name: 'a', mode: '120000', content: relativeVictim },
      { name: 'a', mode: '40000', entries: [{ name: 'f', mode: '100644', content: 'overwritten' }] },
    ]);
    expect(error.message).toMatch(/refused at "a": (the tree names it twice|it is a symlink to ".*", outside the working_dir)/);
    await expectNothingOutside(created);
  });

  it('refuses a link out of the working_dir, also through a chain of links', async () => {
    const absolute = await refusal('absolute-link', [{ name: 'out', mode: '120000', content: victim }]);
    expect(absolute.error.message).toMatch(/refused at "out": it is a symlink to ".*victim", outside the working_dir/);
    const chain = await refusal('chain-link', [
      { name: 'd', mode: '40000', entries: [{ name: 'up', mode: '120000', content: '..' }] },
      { name: 'out', mode: '120000', content: 'd/up/..' },
    ]);
    expect(chain.error.message).toMatch(/refused at "out": it is a symlink that leads outside the working_dir through/);
    await expectNothingOutside(chain.created);
  });

  it('keeps links that stay inside', async () => {
    repository.commitRawTree('inside-link', [
      { name: 'lib', mode: '40000', entries: [{ name: 'real.py', mode: '100644', content: 'X = 1\n' }] },
      { name: 'alias.py', mode: '120000', content: 'lib/real.py' },
    ]);
    const { workingDirectory } = await hashAndCreate({ git_branch: 'inside-link' });
    expect(await fs.readFile(path.join(workingDirectory, 'alias.py'), 'utf8')).toBe('X = 1\n');
  });
});
