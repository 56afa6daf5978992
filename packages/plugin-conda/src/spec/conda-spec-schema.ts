import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { resolveLocalPath } from '@runtime-env/plugin-api';
import { z } from 'zod';
import { readEnvironmentFile } from './environment-file.js';
import { environmentDefinitionSchema } from './environment-definition.js';

/**
 * The `conda` field in Ray's four forms, normalized so that equal environments
 * hash equally and the normalized value is itself a valid input (the schema is
 * idempotent):
 * - a path ending in `.yaml`/`.yml` is read now, as Ray reads it on the driver,
 *   and becomes the environment object it holds;
 * - another absolute path is an existing prefix, kept as the string;
 * - any other string is the name of an existing environment;
 * - an object is an environment definition (`name`, `channels`, `dependencies`
 *   with an optional `{pip: [...]}` entry).
 */
export const condaSpecSchema = z.unknown().transform((value, context) => {
  // Checked by hand rather than with z.union, so the message says what conda accepts instead of zod's generic union text.
  if (typeof value !== 'string' && !isPlainObject(value)) {
    context.addIssue({
      code: 'custom',
      message: `conda must be an environment name, an absolute prefix path, a path to an environment YAML file, or an object with "channels" and "dependencies"; got ${describe(value)}`,
    });
    return z.NEVER;
  }
  if (typeof value !== 'string') return parseDefinition(value, context);
  const text = value.trim();
  if (text === '') {
    context.addIssue({ code: 'custom', message: 'conda must not be an empty string: give an environment name, a prefix path or a YAML file' });
    return z.NEVER;
  }
  if (/\.ya?ml$/i.test(text)) {
    const loaded = readEnvironmentFile(resolveLocalPath(text, 'conda'));
    if (!loaded.ok) {
      context.addIssue({ code: 'custom', message: loaded.message });
      return z.NEVER;
    }
    return parseDefinition(loaded.value, context, text);
  }
  if (isAbsolute(text) && !isDirectory(text)) {
    context.addIssue({
      code: 'custom',
      message: `conda prefix "${text}" is not an existing directory; create the environment first or give its name or a YAML file`,
    });
    return z.NEVER;
  }
  return text;
});

export type CondaSpec = z.output<typeof condaSpecSchema>;

function parseDefinition(value: unknown, context: z.RefinementCtx, file?: string) {
  const parsed = environmentDefinitionSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    context.addIssue({ code: 'custom', message: `${file ? `in ${file}: ` : ''}${issue.message}${where}`, path: file ? [] : issue.path });
  }
  return z.NEVER;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list (a list of packages belongs in "dependencies" of an object, or in the "pip" field)';
  return `a ${typeof input}`;
}
