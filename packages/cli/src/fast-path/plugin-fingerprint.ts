import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What identifies one plugin entry's code without importing it: where it is, its version, its entry file's content. */
export type PluginFingerprint = Record<string, string | number | boolean | null>;

/**
 * Describes a config entry (`"package"`, `"package/subpath"`, `"./file.mjs"`) the way
 * the core would resolve it from `searchDirectories`, first match wins. An entry
 * that does not resolve is described as missing, which is itself part of the
 * identity (installing it later changes the namespace).
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
  const segments = specifier.split('/');
  const packageName = segments.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  const subpath = ['.', ...segments.slice(specifier.startsWith('@') ? 2 : 1)].join('/');
  const packageJsonPath = packageJsonPathOf(packageName, directory);
  if (!packageJsonPath) return undefined;
  let manifest: { version?: unknown; main?: unknown; exports?: unknown };
  try {
    manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as typeof manifest;
  } catch {
    return undefined;
  }
  const target = exportTarget(manifest, subpath, conditions);
  return {
    entry: specifier,
    packageJson: packageJsonPath,
    version: typeof manifest.version === 'string' ? manifest.version : null,
    // A package rebuilt with other code but the same version (a workspace, a local
    // install) still counts as changed. A bundler's entry names its chunks by their
    // content hash, so the entry's bytes change with any chunk's.
    entryFile: target ?? null,
    entrySha256: (target === undefined ? undefined : digestOfFile(path.resolve(path.dirname(packageJsonPath), target))) ?? null,
  };
}

/** The package's `package.json`, found as Node finds the package (its `./package.json` export, else the folder). */
function packageJsonPathOf(packageName: string, directory: string): string | undefined {
  try {
    return createRequire(path.join(directory, 'noop.js')).resolve(`${packageName}/package.json`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
  }
  // The package exists but does not export its package.json: look in node_modules ourselves.
  for (let folder = directory; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'node_modules', packageName, 'package.json');
    if (existsSync(candidate)) return realpathSync(candidate);
    if (path.dirname(folder) === folder) return undefined;
  }
}

/** The file an `exports` (or `main`) entry points to under these conditions, as Node picks it: first matching key. */
function exportTarget(manifest: { main?: unknown; exports?: unknown }, subpath: string, conditions: readonly string[]): string | undefined {
  const { exports } = manifest;
  if (exports === undefined) return subpath === '.' ? (typeof manifest.main === 'string' ? manifest.main : 'index.js') : subpath;
  const isSubpathMap = typeof exports === 'object' && exports !== null && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
  const entry = isSubpathMap ? (exports as Record<string, unknown>)[subpath] : subpath === '.' ? exports : undefined;
  return pickCondition(entry, conditions);
}

function pickCondition(target: unknown, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map((item) => pickCondition(item, conditions)).find((item) => item !== undefined);
  if (typeof target !== 'object' || target === null) return undefined;
  for (const [key, value] of Object.entries(target)) {
    if (key !== 'default' && !conditions.includes(key)) continue;
    const picked = pickCondition(value, conditions);
    if (picked !== undefined) return picked;
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
