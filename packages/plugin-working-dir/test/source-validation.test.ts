import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRuntimeEnv, ValidationError, type ValidationIssue } from '@runtime-env/core';
import { loadPluginForTest } from '@runtime-env/engine-test-support';
import { pyModulesPlugin, workingDirPlugin } from '../src/index.js';

// What can be told without fetching is refused where the document is validated
// (`rtenv validate` exits 2), as Ray refuses it at ray.init, not later at creation.
const plugins = [loadPluginForTest(workingDirPlugin), loadPluginForTest(pyModulesPlugin)];
const root = mkdtempSync(path.join(os.tmpdir(), 'source-validation-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'project'));
for (const name of ['notes.txt', 'mod.py', 'pkg-1.0-py3-none-any.whl', 'code.zip', 'code.tar.gz', 'code.tgz', 'code.tar', 'code.ZIP'])
  writeFileSync(path.join(root, name), '');
const local = (name: string) => path.join(root, name);

function issuesOf(document: unknown): ValidationIssue[] {
  try {
    validateRuntimeEnv(document, plugins);
    return [];
  } catch (error) {
    if (ValidationError.isInstance(error)) return [...error.issues];
    throw error;
  }
}

describe('remote working_dir and py_modules URIs', () => {
  it.each([
    ['an ftp:// URI', { working_dir: 'ftp://host/code.zip' }, /only s3:\/\/, https:\/\/, http:\/\/ and file:\/\/ URIs/],
    ['a conda:// URI', { py_modules: ['conda://env'] }, /only s3:\/\//],
    ['a Ray cluster package', { working_dir: 'gcs://_ray_pkg_abc.zip' }, /Ray cluster package/],
    ['no extension', { working_dir: 'https://host/code' }, /must name an archive ending in \.zip, \.tar\.gz, \.tgz/],
    ['.tar.bz2', { working_dir: 's3://bucket/code.tar.bz2' }, /must name an archive/],
    ['an upper-case extension (Ray matches case-sensitively)', { working_dir: 'https://host/code.ZIP' }, /case-sensitive/],
    ['a remote .py', { py_modules: ['https://host/mod.py'] }, /must name an archive ending in .*\.whl/],
    ['a remote .whl as working_dir', { working_dir: 'https://host/pkg-1.0-py3-none-any.whl' }, /must name an archive/],
  ])('refuses %s', (_title, document, message) => {
    const issues = issuesOf(document);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'unsupported_uri', message: expect.stringMatching(message) });
  });

  it.each([
    { working_dir: 'https://host/code.zip' },
    { working_dir: 's3://bucket/code.tar.gz' },
    { working_dir: 'file:///srv/code.tgz' },
    { working_dir: 'https://host/team/repo.git' },
    { working_dir: 'git+https://host/team/repo' },
    { py_modules: ['https://host/pkg-1.0-py3-none-any.whl', 's3://bucket/mods.zip'] },
  ])('accepts what it can fetch and extract: %j', (document) => {
    expect(issuesOf(document)).toEqual([]);
  });
});

describe('local working_dir and py_modules paths', () => {
  it('refuses a missing path, naming the field', () => {
    expect(issuesOf({ py_modules: [local('project'), local('gone')] })).toEqual([
      expect.objectContaining({ code: 'path_not_found', path: 'py_modules[1]', plugin: 'py_modules', message: expect.stringContaining(local('gone')) }),
    ]);
  });

  it('refuses a file that is neither a folder nor an archive (nor, for py_modules, a .py or .whl)', () => {
    expect(issuesOf({ working_dir: local('notes.txt') })).toEqual([expect.objectContaining({ code: 'unsupported_path', path: 'working_dir' })]);
    expect(issuesOf({ working_dir: local('mod.py') })).toEqual([expect.objectContaining({ code: 'unsupported_path' })]);
    expect(issuesOf({ working_dir: local('code.ZIP') })).toEqual([expect.objectContaining({ code: 'unsupported_path' })]);
    expect(issuesOf({ py_modules: [local('notes.txt')] })).toEqual([expect.objectContaining({ code: 'unsupported_path', path: 'py_modules[0]' })]);
  });

  it('accepts folders, archives, and .py and .whl files for py_modules', () => {
    for (const name of ['project', 'code.zip', 'code.tar.gz', 'code.tgz']) expect(issuesOf({ working_dir: local(name) })).toEqual([]);
    expect(issuesOf({ py_modules: [local('project'), local('mod.py'), local('pkg-1.0-py3-none-any.whl')] })).toEqual([]);
  });

  it.each(['C:\\work\\proj', 'D:/proj', '\\\\server\\share\\proj'])('refuses the Windows path %s before it is made absolute', (windowsPath) => {
    for (const document of [{ working_dir: windowsPath }, { py_modules: [windowsPath] }]) {
      expect(issuesOf(document)).toEqual([expect.objectContaining({ message: expect.stringContaining(`${windowsPath} is a Windows path`) })]);
    }
  });
});

describe('values Ray treats as absent', () => {
  it('drops an empty working_dir string: no working_dir, as in Ray', () => {
    expect(validateRuntimeEnv({ working_dir: '', env_vars: undefined }, plugins).runtimeEnv).toEqual({});
  });
});
