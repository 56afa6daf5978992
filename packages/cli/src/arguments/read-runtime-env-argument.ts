import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkDocumentDepth, checkDocumentSize } from '@runtime-env/core/plugin';
import { InputError } from '../errors/input-error.js';
import { UsageError } from '../errors/usage-error.js';

/**
 * Reads the document from `--runtime-env` or `--runtime-env-file`. Neither means `{}`
 * (an empty environment, as in Ray), both is a usage error.
 */
export async function readRuntimeEnvArgument(
  values: { 'runtime-env'?: string; 'runtime-env-file'?: string },
  context: { cwd: string; command: string; readStandardInput?: () => Promise<string> },
): Promise<unknown> {
  const inline = values['runtime-env'];
  const file = values['runtime-env-file'];
  if (inline !== undefined && file !== undefined) {
    throw new UsageError('give either --runtime-env or --runtime-env-file, not both', context.command);
  }
  if (inline !== undefined) return parseJsonArgument(inline, '--runtime-env');
  if (file === undefined) return {};
  const text =
    file === '-' ? await (context.readStandardInput ?? readStandardInput)() : await readArgumentFile(resolve(context.cwd, file), '--runtime-env-file');
  return parseJsonArgument(text, file === '-' ? 'standard input' : file);
}

export async function readArgumentFile(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputError(
      'unreadable_input',
      `cannot read ${option} "${path}": ${reason}`,
      'check the path (relative paths are taken from the current directory)',
    );
  }
}

/**
 * Parses a runtime_env document from an argument; the error says where, and shows
 * the offending part. The core's size and depth limits are checked here, where the
 * text is known, before anything walks the parsed value.
 */
export function parseJsonArgument(text: string, where: string): unknown {
  checkDocumentSize(Buffer.byteLength(text), where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8 quotes the start of the text in some messages, which may hold a secret value.
    const reason = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    throw new InputError(
      'invalid_json',
      `${where} is not valid JSON: ${reason}`,
      `write a JSON object, for example '{"env_vars": {"A": "1"}}' (quote it for your shell)`,
    );
  }
  checkDocumentDepth(parsed, where);
  return parsed;
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    received += (chunk as Buffer).length;
    // Stop reading an endless stream as soon as it is known to be too large.
    checkDocumentSize(received, 'standard input');
  }
  return Buffer.concat(chunks).toString('utf8');
}
