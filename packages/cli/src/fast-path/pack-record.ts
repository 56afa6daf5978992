import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedFile } from '@runtime-env/core/fast-path';
import type { PackCheck } from '@runtime-env/plugin-working-dir';
import type { CliIo } from '../cli-io.js';
import { fastPathScopeOf } from './fast-path-scope.js';

/** Bump when a record's layout or meaning changes; a record of another format is a miss. */
const RECORD_FORMAT = 1;

/**
 * What an `rtenv pack` was asked, besides the files it loaded: the scope (CLI,
 * current directory, config path), the folder, the excludes, the store flag and
 * the field it packs as. `--json` and `--list` change only what is printed.
 */
export interface PackInputs {
  scope: string;
  directory: string;
  excludes: readonly string[];
  store: string | null;
  field: string | null;
}

/**
 * What decided an earlier pack's answer: the files it loaded (the config, the
 * working_dir plugin's entry and package.json, its `./pack-check` module) and
 * the plugin's own check of the tree and the store.
 */
export interface PackRecord {
  format: number;
  inputs: PackInputs;
  loadedFiles: LoadedFile[];
  check: PackCheck;
}

export interface PackInvocation {
  values: { excludes?: string[]; store?: string };
  directory: string;
  field: string | undefined;
  configPath: string | undefined;
  io: CliIo;
}

export function packInputsOf({ values, directory, field, configPath, io }: PackInvocation): PackInputs {
  return {
    scope: fastPathScopeOf(configPath, io),
    directory: path.resolve(io.cwd, directory),
    excludes: values.excludes ?? [],
    store: values.store ?? null,
    field: field ?? null,
  };
}

/** One file per set of inputs, in the fast path's folder of the data directory. */
function recordFileOf(dataDirectory: string, inputs: PackInputs): string {
  return path.join(dataDirectory, 'fast-path', 'pack', `${createHash('sha256').update(JSON.stringify(inputs)).digest('hex')}.json`);
}

/** The record for these inputs, or undefined (none, another format, other inputs under the same name). */
export function readPackRecord(dataDirectory: string, inputs: PackInputs): PackRecord | undefined {
  let record: PackRecord;
  try {
    record = JSON.parse(readFileSync(recordFileOf(dataDirectory, inputs), 'utf8')) as PackRecord;
  } catch {
    return undefined;
  }
  return record.format === RECORD_FORMAT && JSON.stringify(record.inputs) === JSON.stringify(inputs) ? record : undefined;
}

/**
 * Records (or, when the plugin cannot vouch for this pack next time, removes the
 * record of) what decided a pack's answer. Written whole and renamed into place:
 * concurrent packs each leave a whole record. A record only saves time, so a
 * failure to write it is not the command's.
 */
export async function recordPackForFastPath(
  invocation: PackInvocation,
  dataDirectory: string,
  checkOf: () => PackCheck | undefined,
  configFiles: readonly LoadedFile[],
): Promise<void> {
  const inputs = packInputsOf(invocation);
  const file = recordFileOf(dataDirectory, inputs);
  const temporary = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    const check = checkOf();
    if (!check) {
      await fs.rm(file, { force: true });
      return;
    }
    const { packCheckModuleFile } = await import('@runtime-env/plugin-working-dir/pack-check');
    const { loadedFileOf } = await import('@runtime-env/core/fast-path');
    const record: PackRecord = { format: RECORD_FORMAT, inputs, loadedFiles: [...configFiles, loadedFileOf(packCheckModuleFile)], check };
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await fs.writeFile(temporary, JSON.stringify(record), { mode: 0o600 });
    await fs.rename(temporary, file);
  } catch {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
  }
}
