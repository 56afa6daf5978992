import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceDirectory = fileURLToPath(new URL('../../src/', import.meta.url));

/** The modules a source file loads when it is imported (type-only imports are erased by the compiler). */
function staticImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const imports = moduleImportsOf(file);
  // CommonJS packages loaded through `createRequire(import.meta.url)('name')`.
  const requires = [...text.matchAll(/createRequire\(import\.meta\.url\)\('([^']+)'\)/g)].map((match) => match[1]!);
  return [...imports, ...requires];
}

/** The `import … from` and `export … from` statements of a file: what loads with it. */
function moduleImportsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((match) => match[2]!);
}

function dynamicImportsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/import\('([^']+)'\)/g)].map((match) => match[1]!);
}

/** What importing one entry loads: local files and the packages they reach. */
function importGraphOf(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of staticImportsOf(file)) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe('the fast-path entry stays light', () => {
  it('loads only the plugin API (itself engine-free, see its tests), a SHA-256 in JavaScript and Node built-ins: no SQLite, no zod, no plugin loading, no validation', () => {
    const { files, packages } = importGraphOf(resolve(sourceDirectory, 'fast-path/index.ts'));
    expect([...packages].filter((name) => !name.startsWith('node:')).sort()).toEqual([
      '@noble/hashes/sha2.js',
      '@noble/hashes/utils.js',
      '@runtime-env/plugin-api',
    ]);
    // Loading node:crypto costs a cached run about 3 ms: no file of the entry imports it; loaded-file.ts
    // requires it on first use, to digest a file whose stamp changed.
    expect([...files].filter((file) => moduleImportsOf(file).includes('node:crypto'))).toEqual([]);
    const relative = [...files].map((file) => file.slice(sourceDirectory.length));
    expect(relative).toContain('fast-path/fast-path-leases.ts');
    expect(relative.filter((file) => file.startsWith('engine/'))).toEqual(['engine/store/data-layout.ts']);
    expect(relative.filter((file) => file.startsWith('document/'))).toEqual(['document/canonical-json.ts']);
    expect(relative.filter((file) => file.startsWith('config/')).sort()).toEqual(['config/config-location.ts', 'config/data-directory.ts']);
    expect(relative).not.toContain('fast-path/fast-path-recorder.ts');
  });

  it('importing the core does not load import-meta-resolve; loading plugins by name does', () => {
    const { packages } = importGraphOf(resolve(sourceDirectory, 'index.ts'));
    expect([...packages]).toContain('zod');
    expect([...packages]).not.toContain('import-meta-resolve');
    expect(dynamicImportsOf(resolve(sourceDirectory, 'config/load-plugins.ts'))).toContain('import-meta-resolve');
  });
});
