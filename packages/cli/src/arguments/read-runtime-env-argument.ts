import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
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
  const text = file === '-' ? await (context.readStandardInput ?? readStandardInput)() : await readArgumentFile(resolve(context.cwd, file), '--runtime-env-file');
  return parseJsonArgument(text, file === '-' ? 'standard input' : file);
}

export async function readArgumentFile(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputError('unreadable_input', `cannot read ${option} "${path}": ${reason}`, 'check the path (relative paths are taken from the current directory)');
  }
}

/** Parses JSON from an argument; the error says where, and shows the offending part. */
export function parseJsonArgument(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the start of the text in some messages, which may hold a secret value.
    const reason = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    throw new InputError('invalid_json', `${where} is not valid JSON: ${reason}`, `write a JSON object, for example '{"env_vars": {"A": "1"}}' (quote it for your shell)`);
  }
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
