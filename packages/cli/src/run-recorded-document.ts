import { parseCommandArguments } from './arguments/parse-command-arguments.js';
import { readRuntimeEnvArgument } from './arguments/read-runtime-env-argument.js';
import type { CliIo } from './cli-io.js';
import { runCommandShape } from './commands/run-command-shape.js';
import { secretsOfDocument } from './output/mask-secrets.js';
import { runFromDocumentMemo } from './fast-path/run-from-document-memo.js';

/**
 * `rtenv run ARGS` when its document was recorded in the document memo: the exit
 * code, or undefined when the full CLI must handle it (not recorded, help, a usage
 * error, `--agent`, a document on standard input), which then reports any error.
 * Built as a file of its own that loads neither the command table nor the engine:
 * on a cached run, module files are most of what rtenv adds.
 */
export async function runRecordedDocument(args: readonly string[], io: CliIo): Promise<number | undefined> {
  let parsed;
  try {
    parsed = parseCommandArguments(runCommandShape, args);
  } catch {
    return undefined;
  }
  const { values, positionals, helpRequested } = parsed;
  if (helpRequested || positionals.length === 0 || values.agent !== undefined || values['runtime-env-file'] === '-') return undefined;
  let document: unknown;
  try {
    document = await readRuntimeEnvArgument(values, { cwd: io.cwd, command: 'run' });
  } catch {
    return undefined;
  }
  return runFromDocumentMemo(values, document, positionals, { io, secrets: secretsOfDocument(document) });
}
