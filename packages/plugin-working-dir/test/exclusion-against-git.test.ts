import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listPackageFiles, rayDefaultExcludes } from '../src/index.js';
import { writeTree } from './support/hook-context.js';

// git is the reference for pattern semantics: each tree is listed by
// `git ls-files --others --exclude-standard` with the runtime_env's excludes as
// `--exclude` (strongest) and the default excludes in .git/info/exclude (weakest).
const temporaryRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'rtenv-exclusion-'));
afterAll(() => fs.rm(temporaryRoot, { recursive: true, force: true }));

let treeNumber = 0;

async function compareWithGit(files: Record<string, string>, excludes: string[] = [], defaultExcludes: string[] = [...rayDefaultExcludes]) {
  const root = path.join(temporaryRoot, `tree-${treeNumber++}`);
  await writeTree(root, files);
  execFileSync('git', ['init', '-q', root]);
  await fs.writeFile(path.join(root, '.git/info/exclude'), defaultExcludes.join('\n'));
  const gitOutput = execFileSync(
    'git',
    ['-C', root, 'ls-files', '-z', '--others', '--exclude-standard', ...excludes.map((pattern) => `--exclude=${pattern}`)],
    {
      encoding: 'utf8',
    },
  );
  const gitFiles = gitOutput.split('\0').filter(Boolean).sort();
  const ours = (await listPackageFiles(root, { excludes, defaultExcludes })).sort();
  expect(ours).toEqual(gitFiles);
  return ours;
}

describe('exclusion semantics match git', () => {
  it('nested .gitignore files, negations, anchored and folder-only patterns', async () => {
    const listed = await compareWithGit({
      '.gitignore': '*.log\n!keep.log\n/top.txt\nbuild/\nnotes\n',
      'keep.log': '1',
      'drop.log': '1',
      'top.txt': '1',
      'sub/top.txt': '1',
      'build/out.o': '1',
      'sub/build': 'a file named build is not a folder',
      'notes/a.md': '1',
      'sub/.gitignore': '!drop.log\n*.tmp\n',
      'sub/drop.log': '1',
      'sub/x.tmp': '1',
      'sub/deeper/y.tmp': '1',
      'sub/deeper/.gitignore': '!y.tmp\n',
      'src/main.py': '1',
      '__pycache__/m.pyc': '1',
      'venv/bin/python': '1',
    });
    expect(listed).toContain('sub/drop.log');
    expect(listed).not.toContain('build/out.o');
  });

  it('matches case-sensitively, as git on Linux and Ray do', async () => {
    const listed = await compareWithGit(
      { '.gitignore': 'Build/\n', 'debug.log': '1', 'UPPER.LOG': '1', 'build/out.txt': '1', 'Build/out.txt': '1', 'Main.py': '1' },
      ['*.log'],
    );
    expect(listed).toEqual(['.gitignore', 'Main.py', 'UPPER.LOG', 'build/out.txt']);
  });

  it('** in every position, character classes and escapes', async () => {
    await compareWithGit({
      '.gitignore': 'a/**/z.txt\n**/deep\nlogs/**\n!logs/keep/\n[ab].txt\nx?.py\n\\#hash\n\\!bang\ndocs/*.md\n',
      'a/z.txt': '1',
      'a/b/c/z.txt': '1',
      'q/deep/file': '1',
      'deep/file': '1',
      'logs/one.txt': '1',
      'logs/keep/two.txt': '1',
      'a.txt': '1',
      'c.txt': '1',
      'x1.py': '1',
      'x12.py': '1',
      '#hash': '1',
      '!bang': '1',
      'docs/readme.md': '1',
      'docs/api/deep.md': '1',
    });
  });

  it('a parent-excluded folder cannot be re-included by a negation', async () => {
    await compareWithGit({
      '.gitignore': 'data/\n!data/keep.txt\ncache/*\n!cache/keep.txt\n',
      'data/keep.txt': '1',
      'cache/keep.txt': '1',
      'cache/drop.txt': '1',
    });
  });

  it('excludes overrule .gitignore negations and default excludes are the weakest', async () => {
    await compareWithGit(
      { '.gitignore': '!venv/\n!important.log\n', 'venv/lib.py': '1', 'important.log': '1', 'other.log': '1', '.venv/x': '1', 'tmp/a': '1' },
      ['*.log', 'tmp'],
    );
  });

  it('random trees and patterns', async () => {
    const names = ['a', 'b', 'log', 'build', 'x.log', 'keep.txt', 'deep', 'c.py'];
    const patterns = ['*.log', '!x.log', 'build/', '/a', 'b/*', '!b/keep.txt', '**/deep', 'deep/**', '*.py', '!c.py', 'a/**/b', 'keep.*', '/b/', 'log'];
    let seed = 7;
    const random = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    for (let round = 0; round < 20; round += 1) {
      const files: Record<string, string> = {};
      for (let index = 0; index < 25; index += 1) {
        const depth = 1 + random(3);
        const parts = Array.from({ length: depth }, () => names[random(names.length)]!);
        files[parts.join('/')] = 'x';
      }
      // A path cannot be a file and a folder at once.
      for (const file of Object.keys(files)) {
        for (const other of Object.keys(files)) if (other.startsWith(`${file}/`)) delete files[file];
      }
      const folders = [...new Set(Object.keys(files).map((file) => path.posix.dirname(file)))].filter((folder) => folder !== '.');
      const pick = (count: number) => Array.from({ length: count }, () => patterns[random(patterns.length)]!);
      files['.gitignore'] = pick(3).join('\n');
      if (folders.length > 0) files[`${folders[random(folders.length)]}/.gitignore`] = pick(2).join('\n');
      await compareWithGit(files, pick(random(2)), ['.git']);
    }
  });
});

describe('the other ignore files', () => {
  it('.rtenvignore and .rayignore apply like .gitignore, which can be switched off', async () => {
    const root = path.join(temporaryRoot, 'ignore-files');
    await writeTree(root, {
      '.gitignore': 'a.txt\n',
      '.rtenvignore': 'b.txt\n',
      'sub/.rayignore': 'c.txt\n',
      'a.txt': '1',
      'b.txt': '1',
      'sub/c.txt': '1',
      'd.txt': '1',
    });
    expect(await listPackageFiles(root)).toEqual(['.gitignore', '.rtenvignore', 'd.txt', 'sub/.rayignore']);
    expect(await listPackageFiles(root, { useGitignore: false })).toEqual(['.gitignore', '.rtenvignore', 'a.txt', 'd.txt', 'sub/.rayignore']);
  });

  it('a root .gitignore holding .* keeps the root itself (Ray packages nothing there)', async () => {
    const root = path.join(temporaryRoot, 'dot-star');
    await writeTree(root, { '.gitignore': '.*\n', 'main.py': '1', '.env': 'secret' });
    expect(await listPackageFiles(root)).toEqual(['main.py']);
  });
});
