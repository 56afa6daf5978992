import type { ZodError } from 'zod';
import type { ValidationIssue } from '../errors/validation-error.js';
import { formatIssuePath } from './format-issue-path.js';

type ZodIssue = ZodError['issues'][number];

/** Turns a zod error on one field into issues that name the path and the plugin. */
export function issuesFromZodError(error: ZodError, field: string, plugin: string | undefined): ValidationIssue[] {
  return error.issues.flatMap((issue) => explainIssue(issue, [])).map((issue) => {
    const base = { code: issue.code, path: formatIssuePath(field, issue.path), message: issue.message };
    return plugin === undefined ? base : { ...base, plugin };
  });
}

interface ExplainedIssue {
  code: string;
  path: PropertyKey[];
  message: string;
}

/**
 * A union failure in zod is one opaque issue holding every branch's issues. The
 * user meant one branch: the one whose shape their input had. Branches that failed
 * at their root with a type mismatch are the ones the input did not mean; when all
 * of them did, say which shapes were accepted.
 */
function explainIssue(issue: ZodIssue, prefix: PropertyKey[]): ExplainedIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'custom') {
    // A plugin's own check: its `params.code` when it gives one, else a stable generic code.
    const code = typeof issue.params?.code === 'string' ? issue.params.code : 'invalid_value';
    return [{ code, path, message: issue.message }];
  }
  if (issue.code !== 'invalid_union' || !('errors' in issue) || issue.errors.length === 0) {
    return [{ code: issue.code, path, message: issue.message }];
  }
  const branches = issue.errors as ZodIssue[][];
  const meant = branches.filter((branch) => !branch.some((inner) => inner.path.length === 0 && inner.code === 'invalid_type'));
  if (meant.length > 0) {
    const deepest = meant.reduce((best, branch) => (maxDepth(branch) > maxDepth(best) ? branch : best));
    return deepest.flatMap((inner) => explainIssue(inner, path));
  }
  // A union that carries its own message (`z.union([...], { error: '...' })`) says it best.
  if (issue.message !== 'Invalid input') return [{ code: 'invalid_type', path, message: issue.message }];
  const expected = [...new Set(branches.flatMap((branch) => branch.map((inner) => ('expected' in inner ? String(inner.expected) : undefined))).filter(Boolean))];
  const received = /received (\w+)/.exec(branches[0]?.[0]?.message ?? '')?.[1];
  return [{ code: 'invalid_type', path, message: `Invalid input: expected ${expected.join(' or ')}${received ? `, received ${received}` : ''}` }];
}

function maxDepth(issues: readonly ZodIssue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length));
}
