import { realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseWorkingDirOptions } from '../plugin-options.js';
import { LocalPackageStore } from '../stores/local-package-store.js';
import { openPackageStore } from '../stores/open-package-store.js';
import type { PackCheck } from './pack-check.js';
import { listPackageFiles, packDirectory, packSingleFile, snapshotKeyOf } from './pack-directory.js';
import { defaultMaxPackageBytes, packageName } from './pack-entries.js';
import type { PackResult } from './pack-options.js';
import { sealDirectoryOf } from './package-seal.js';

export interface PackCommandInput {
  directory: string;
  /** The working_dir plugin's options from the config (raw or parsed). */
  pluginOptions: unknown;
  dataDirectory: string;
  excludes?: readonly string[];
  /** Overrides the `store` option. */
  store?: string;
  /** Pack as this field packs a local path (default `working_dir`): py_modules keep the folder's name and have no default excludes. */
  field?: 'working_dir' | 'py_modules';
}

function selectionOf(input: PackCommandInput) {
  const options = parseWorkingDirOptions(input.pluginOptions);
  const asModule = input.field === 'py_modules';
  return {
    options,
    selection: {
      excludes: input.excludes ?? [],
      defaultExcludes: asModule ? [] : options.defaultExcludes,
      useGitignore: options.useGitignore,
      ...(asModule ? { topLevelName: path.basename(path.resolve(input.directory)) } : {}),
    },
  };
}

/** What `rtenv pack DIR --list` prints: the files a working_dir package of DIR holds, with the config's ignore settings. */
export async function listFilesForPackCommand(input: PackCommandInput): Promise<string[]> {
  const target = path.resolve(input.directory);
  if ((await stat(target)).isFile()) return [path.basename(target)];
  return listPackageFiles(target, selectionOf(input).selection);
}

/**
 * What `rtenv pack DIR` does: packs as the working_dir plugin would and uploads to
 * the store, sharing the plugin's digest cache (the core keeps each plugin's
 * directory at `<data>/plugins/<name>/shared`).
 */
export async function packForCommand(input: PackCommandInput): Promise<PackResult> {
  const packOptions = packOptionsOf(input);
  const target = path.resolve(input.directory);
  // A single module (`py_modules: ["./helpers.py"]`) is packed as py_modules packs it: the file alone.
  if ((await stat(target)).isFile()) return packSingleFile(target, packOptions);
  return packDirectory(target, packOptions);
}

function packOptionsOf(input: PackCommandInput) {
  const { options, selection } = selectionOf(input);
  const store = openPackageStore({ ...options, store: input.store ?? options.store ?? undefined }, input.dataDirectory);
  if (!store) throw new Error('the working_dir plugin option "store" is null: give --store URI');
  const pluginDirectory = path.join(input.dataDirectory, 'plugins', 'working_dir', 'shared');
  return {
    ...selection,
    store,
    compression: options.compression,
    maxPackageBytes: options.maxPackageBytes,
    digestCacheDirectory: path.join(pluginDirectory, 'digest-cache'),
    sealDirectory: sealDirectoryOf(pluginDirectory),
  };
}

/**
 * What `recheckPack` (the export `./pack-check`) needs to give `result` again for
 * the same input without this module, or undefined when it cannot: a store that
 * is not a local folder (its check is a request), a single file (packed without a snapshot).
 */
export function packCheckForCommand(input: PackCommandInput, result: PackResult): PackCheck | undefined {
  const packOptions = packOptionsOf(input);
  const { store } = packOptions;
  const directory = path.resolve(input.directory);
  if (!(store instanceof LocalPackageStore) || !statSync(directory).isDirectory()) return undefined;
  const root = realpathSync(directory);
  return {
    directory,
    root,
    ...snapshotKeyOf(root, packOptions.digestCacheDirectory, packOptions),
    packageDigest: result.digest,
    maxPackageBytes: packOptions.maxPackageBytes ?? defaultMaxPackageBytes,
    packageFile: store.localPathOf(packageName(result.digest, packOptions.compression ?? 'none')),
    uri: result.uri,
  };
}
