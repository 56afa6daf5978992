import { posix } from 'node:path';
import { z } from 'zod';

/**
 * A path inside the environment's directory, relative and normalized, so that
 * `a//b` and `a/./b` name (and hash as) the same file, and `../x` cannot escape.
 */
const relativeFilePath = z
  .string({ error: 'expected a relative file path (string)' })
  .min(1, 'a file path must not be empty')
  .refine((path) => !path.includes('\0'), 'a file path must not contain a NUL character')
  .transform((path) => posix.normalize(path))
  .refine((path) => !posix.isAbsolute(path), 'must be a relative path; files are written inside the environment')
  .refine((path) => path !== '.' && path !== '..' && !path.startsWith('../') && !path.endsWith('/'), 'must name a file inside the environment, without ".."');

const contents = z.record(relativeFilePath, z.string({ error: 'expected the file text (string)' }), {
  error: (issue) => {
    if (issue.code === 'invalid_type') return 'expected a dictionary of file path to text';
    // zod reports a bad key as "Invalid key in record"; the key's own message says why.
    if (issue.code === 'invalid_key') return issue.issues[0]?.message;
    return undefined;
  },
});

const command = z.array(z.string(), { error: 'expected a command as a list of words' }).min(1, 'a command must have at least the program');

const longForm = z.strictObject(
  {
    contents,
    /** Files to mark executable (chmod 755). */
    executable: z.array(relativeFilePath, { error: 'expected a list of file paths' }).default([]),
    /** Commands run in the directory after the files are written, in order (a build step). */
    run: z.array(command, { error: 'expected a list of commands' }).default([]),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'expected a dictionary of file path to text, or {"contents": {...}, "executable": [...], "run": [...]}' : undefined,
  },
);

export type FilesSpec = z.output<typeof longForm>;

/**
 * The `files` field. The short form is just the dictionary of path to text; the
 * long form adds `executable` and `run`. Both normalize to the long form, with
 * files and executables sorted so that key order never changes the hash.
 */
export const filesSchema = z
  .preprocess((value) => (isShortForm(value) ? { contents: value } : value), longForm)
  .superRefine((spec, context) => {
    for (const [index, path] of spec.executable.entries()) {
      if (!(path in spec.contents))
        context.addIssue({ code: 'custom', path: ['executable', index], message: `"${path}" is not one of the files in "contents"` });
    }
  })
  .transform(
    (spec): FilesSpec => ({
      contents: Object.fromEntries(Object.entries(spec.contents).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))),
      executable: [...new Set(spec.executable)].sort(),
      run: spec.run,
    }),
  );

function isShortForm(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('contents' in value);
}

export const filesOptionsSchema = z
  .strictObject({
    /** The variable that receives the directory's path; set to "" for none. */
    directoryVariable: z
      .string()
      .regex(/^([A-Za-z_][A-Za-z0-9_]*)?$/, 'expected a variable name')
      .default('FILES_DIR'),
  })
  .default({ directoryVariable: 'FILES_DIR' });
