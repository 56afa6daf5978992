import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { moduleResolve } from 'import-meta-resolve';

/** What identifies one plugin entry's code without importing it: where it is, its version, its entry file's content. */
export type PluginFingerprint = Record<string, string | number | boolean | null>;

/**
 * Describes a config entry (`"package"`, `"package/subpath"`, `"./file.mjs"`) the way
 * the core resolves it from `searchDirectories` (import-meta-resolve, the same
 * conditions), first match wins. An entry that does not resolve is described as
 * missing, which is itself part of the identity (installing it later changes the
 * namespace).
 */
export function fingerprintOfEntry(specifier: string, searchDirectories: readonly string[], conditions: readonly string[]): PluginFingerprint {
  const isPath = specifier.startsWith('.') || path.isAbsolute(specifier) || specifier.startsWith('file:');
  for (const directory of searchDirectories) {
    const found = isPath ? fileFingerprint(specifier, directory) : packageFingerprint(specifier, directory, conditions);
    if (found) return found;
  }
  return { entry: specifier, missing: true };
}

function fileFingerprint(specifier: string, directory: string): PluginFingerprint | undefined {
  const file = specifier.startsWith('file:') ? fileURLToPath(specifier) : path.resolve(directory, specifier);
  const sha256 = digestOfFile(file);
  return sha256 === undefined ? undefined : { entry: specifier, file: realpathSync(file), sha256 };
}

function packageFingerprint(specifier: string, directory: string, conditions: readonly string[]): PluginFingerprint | undefined {
  let entryFile: string;
  try {
    entryFile = fileURLToPath(moduleResolve(specifier, pathToFileURL(path.join(directory, 'rtenv.config.json')), new Set(conditions)));
  } catch {
    return undefined;
  }
  const packageName = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  const manifest = manifestAbove(entryFile, packageName);
  if (!manifest) return undefined;
  return {
    entry: specifier,
    packageJson: manifest.path,
    version: typeof manifest.version === 'string' ? manifest.version : null,
    // A package rebuilt with other code but the same version (a workspace, a local
    // install) still counts as changed. A bundler's entry names its chunks by their
    // content hash, so the entry's bytes change with any chunk's.
    entryFile: `./${path.relative(path.dirname(manifest.path), entryFile).split(path.sep).join('/')}`,
    entrySha256: digestOfFile(entryFile) ?? null,
  };
}

/**
 * The package's own `package.json`: the nearest one above its entry file that
 * bears its name (a `dist/package.json` holding only `"type"` is passed over).
 */
function manifestAbove(file: string, packageName: string): { path: string; version?: unknown } | undefined {
  for (let folder = path.dirname(file); path.dirname(folder) !== folder; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'package.json');
    let manifest: { name?: unknown; version?: unknown };
    try {
      manifest = JSON.parse(readFileSync(candidate, 'utf8')) as typeof manifest;
    } catch {
      continue;
    }
    if (manifest.name === packageName) return { path: candidate, version: manifest.version };
  }
  return undefined;
}

/** The SHA-256 of a file's content (a touch without a change keeps it), or undefined when it is not a readable file. */
function digestOfFile(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
