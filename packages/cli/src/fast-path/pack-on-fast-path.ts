import { changedLoadedFile, locateConfig, type LoadedFile } from '@runtime-env/core/fast-path';
import type { PackCheck } from '@runtime-env/plugin-working-dir/pack-check';
import { parseCommandArguments } from '../arguments/parse-command-arguments.js';
import type { CliIo } from '../cli-io.js';
import { packCommandShape } from '../commands/pack-command-shape.js';
import { ExitCode } from '../exit-codes.js';
import { writeDebugLine } from '../output/debug-line.js';
import { writeJson } from '../output/write-json.js';
import { packInputsOf, readPackRecord } from './pack-record.js';

/**
 * `rtenv pack DIR` on the fast path: when an earlier pack of the same inputs
 * recorded what decided its answer, and the files it loaded, the tree and the
 * package in the store are all unchanged, prints that answer without the config
 * loader, zod or the plugin's schemas (only the plugin's zod-free `./pack-check`
 * module). Returns the exit code, or undefined when the full CLI must pack (not
 * recorded, anything changed, `--list`, help, a usage error), which then reports
 * any error and records again.
 */
export async function packOnFastPath(args: readonly string[], io: CliIo): Promise<number | undefined> {
  let parsed;
  try {
    parsed = parseCommandArguments(packCommandShape, args);
  } catch {
    return undefined;
  }
  const { values, positionals, helpRequested } = parsed;
  const field = values.for;
  if (helpRequested || values.list || positionals.length !== 1 || (field !== undefined && field !== 'working_dir' && field !== 'py_modules')) return undefined;
  if (io.env.RTENV_FAST_PATH === '0') {
    writeDebugLine(io, 'pack: fast path turned off by RTENV_FAST_PATH=0; loading the config and the working_dir plugin');
    return undefined;
  }
  try {
    // The core's own lookup of the config file and data directory; the full path reports any problem with them.
    const location = locateConfig({ configPath: values.config, dataDirectoryFlag: values['data-dir'], cwd: io.cwd, env: io.env });
    const record = readPackRecord(location.dataDirectory, packInputsOf({ values, directory: positionals[0]!, field, configPath: location.configPath, io }));
    // The recorded answer when nothing that decided it changed, else why not.
    const answer = record ? (changedSince(record.loadedFiles) ?? (await recheck(record.check))) : 'not recorded for these inputs';
    if (typeof answer === 'string') {
      writeDebugLine(io, `pack: fast path missed (${answer}); loading the config and the working_dir plugin`);
      return undefined;
    }
    writeDebugLine(io, `pack: fast path hit: ${answer.uri}, recorded by an earlier pack`);
    // What the full path prints for an unchanged tree, byte for byte.
    if (values.json) writeJson(io.stdout, answer);
    else io.stdout.write(`${answer.uri}\n`);
    return ExitCode.ok;
  } catch (error) {
    // Nothing was written yet: the full path will meet the same problem and explain it.
    writeDebugLine(io, `pack: fast path failed (${error instanceof Error ? error.message : String(error)}); loading the config and the working_dir plugin`);
    return undefined;
  }
}

function changedSince(files: readonly LoadedFile[]): string | undefined {
  const changed = changedLoadedFile(files);
  return changed === undefined ? undefined : `${changed} since the pack was recorded`;
}

/** The plugin's own check of the tree and the store, from its zod-free module (one of the recorded files). */
async function recheck(check: PackCheck) {
  const { recheckPack } = await import('@runtime-env/plugin-working-dir/pack-check');
  return recheckPack(check);
}
