import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// No module of a package imports itself back through others, type-only imports
// included: a cycle means two files hold one idea, or a shared type has no home.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packagesDirectory = path.join(root, 'packages');
const packageFolders = readdirSync(packagesDirectory).filter((name) => existsSync(path.join(packagesDirectory, name, 'src')));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function localImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // Static imports only: a lazy `import()` (a command table loading a command) sets no load order.
  return [...text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)]
    .map((match) => path.resolve(path.dirname(file), match[1]!.replace(/\.js$/, '.ts')))
    .filter((target) => existsSync(target));
}

/** Every cycle's files, found by a depth-first walk (each reported once, from its first file). */
function importCycles(files: readonly string[]): string[][] {
  const edges = new Map(files.map((file) => [file, localImportsOf(file)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'visiting') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the check itself works)', () => {
    const fixture = path.join(root, 'tooling', 'test', 'fixtures', 'cycle');
    expect(importCycles(sourceFiles(fixture)).map((cycle) => cycle.map((file) => path.basename(file)))).toEqual([['a.ts', 'b.ts']]);
  });

  it.each(packageFolders)('package %s has none', (folder) => {
    const sourceFolder = path.join(packagesDirectory, folder, 'src');
    const cycles = importCycles(sourceFiles(sourceFolder)).map((cycle) => cycle.map((file) => path.relative(sourceFolder, file)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
