import { resolveLocalPath } from '@runtime-env/plugin-api';
import { z } from 'zod';
import { isWindowsPath } from '../sources/source-shape.js';

const remoteScheme = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Local paths become absolute where the document is read (against the caller's folder), so the same document means the same files wherever it travels next. */
export function absoluteIfLocal(source: string, field: string): string {
  return remoteScheme.test(source) ? source : resolveLocalPath(source, field);
}

/** Checked before a path is made absolute, where `C:\\proj` would become `/cwd/C:\\proj` and hide what was wrong. */
const notWindowsPath = {
  check: (source: string) => !isWindowsPath(source),
  params: {
    error: (issue: { input?: unknown }) =>
      `${String(issue.input)} is a Windows path; nodes here read POSIX paths: give a path on this machine, or an s3://, https:// or file:// URI`,
  },
};

/** An empty string means "no working_dir", as in Ray (it tests the value for truth): the field is dropped. */
export const workingDirSchema = z
  .string({ error: 'working_dir must be a string: a local folder or archive, a remote .zip/.tar.gz/.tgz URI, or a git repository URL' })
  .refine(notWindowsPath.check, notWindowsPath.params)
  .transform((source) => (source === '' ? undefined : absoluteIfLocal(source, 'working_dir')));

export const pyModulesSchema = z
  .array(
    z
      .string({ error: 'each py_modules entry must be a string (a folder, .py, .whl, or remote URI)' })
      .min(1, 'a py_modules entry must not be empty')
      .refine(notWindowsPath.check, notWindowsPath.params),
    { error: 'py_modules must be a list of folders, .py files, .whl files or remote URIs' },
  )
  .transform((sources) => [...new Set(sources.map((source, index) => absoluteIfLocal(source, `py_modules[${index}]`)))]);

export const excludesSchema = z.array(z.string({ error: 'each excludes entry must be a string pattern' }), {
  error: 'excludes must be a list of gitignore-style patterns, not a single string (Ray would split a string into single characters)',
});

export const gitRevisionSchemas = {
  git_branch: z.string({ error: 'git_branch must be a branch name' }).min(1),
  git_tag: z.string({ error: 'git_tag must be a tag name' }).min(1),
  git_commit: z.string({ error: 'git_commit must be a 40-character commit id' }).regex(/^[0-9a-fA-F]{40}$/, 'git_commit must be a full 40-character commit id'),
} as const;

export type WorkingDirSpec = z.output<typeof workingDirSchema>;
export type PyModulesSpec = z.output<typeof pyModulesSchema>;
