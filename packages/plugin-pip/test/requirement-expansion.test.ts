import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandRequirements } from '../src/requirement-expansion.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function localProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'pip-local-project-'));
  folders.push(root);
  mkdirSync(join(root, 'src', 'lib'), { recursive: true });
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "lib"\nversion = "1.0"\n');
  writeFileSync(join(root, 'src', 'lib', '__init__.py'), 'VALUE = 1\n');
  return root;
}

const digestOf = (line: string): string | undefined => expandRequirements([line]).localFiles[0]?.sha256;

describe('local project folders in requirements', () => {
  it('are identified by their content: an edited source file changes the identity', () => {
    const project = localProject();
    const before = digestOf(project);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(digestOf(project)).toBe(before);
    writeFileSync(join(project, 'src', 'lib', '__init__.py'), 'VALUE = 2\n');
    expect(digestOf(project)).not.toBe(before);
  });

  it('ignore what building and importing write into the tree', () => {
    const project = localProject();
    const before = digestOf(project);
    mkdirSync(join(project, 'build', 'lib'), { recursive: true });
    writeFileSync(join(project, 'build', 'lib', 'x.py'), '');
    mkdirSync(join(project, 'src', 'lib.egg-info'));
    writeFileSync(join(project, 'src', 'lib.egg-info', 'PKG-INFO'), 'Name: lib\n');
    mkdirSync(join(project, 'src', 'lib', '__pycache__'));
    writeFileSync(join(project, 'src', 'lib', '__pycache__', '__init__.cpython-311.pyc'), 'bytes');
    expect(digestOf(project)).toBe(before);
  });

  it('leave an editable install keyed by its path, since it links to the live folder', () => {
    const project = localProject();
    expect(expandRequirements([`-e ${project}`]).localFiles).toEqual([]);
  });
});
