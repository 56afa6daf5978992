import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageFolder = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(folder, entry.name)) : entry.name.endsWith('.ts') ? [path.join(folder, entry.name)] : [],
  );
}

describe('the published testkit', () => {
  it('neither depends on nor imports the engine (@runtime-env/core, better-sqlite3): a plugin author installs plugin-api and the testkit only', () => {
    const manifest = JSON.parse(readFileSync(path.join(packageFolder, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const declared = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}));
    expect(declared.filter((name) => name === '@runtime-env/core' || name === 'better-sqlite3')).toEqual([]);
    const imports = sourceFiles(path.join(packageFolder, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => `${path.relative(packageFolder, file)}: ${match[1]}`),
    );
    expect(imports.filter((line) => /@runtime-env\/core|better-sqlite3/.test(line))).toEqual([]);
  });
});
