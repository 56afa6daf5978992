import type { ZodError, ZodType } from 'zod';
import type { ValidationIssue } from '@runtime-env/plugin-api';
import { formatIssuePath } from './format-issue-path.js';
import { plainTypeMessage } from './plain-type-message.js';

type ZodIssue = ZodError['issues'][number];

/**
 * Turns a zod error on one field into issues that name the path and the plugin.
 * `schema`, when given, may carry `meta({ examples })`: its first example is shown
 * when the whole field has the wrong type.
 */
export function issuesFromZodError(error: ZodError, field: string, plugin: string | undefined, schema?: ZodType): ValidationIssue[] {
  const explained = withoutConsequences(error.issues.flatMap((issue) => explainIssue(issue, [])));
  const example = typeof schema?.meta === 'function' ? schema.meta()?.examples : undefined;
  const firstExample = Array.isArray(example) ? example[0] : undefined;
  return explained.map((issue) => {
    const message = plainTypeMessage(issue.message, issue.path.length === 0 ? firstExample : undefined);
    const base = { code: issue.code, path: formatIssuePath(field, issue.path), message };
    return plugin === undefined ? base : { ...base, plugin };
  });
}

/**
 * A value of the wrong type fails every later check too (zod 4 still runs `.min(1)`
 * on an array given for a string), and those say nothing more: keep the type
 * mismatch alone at its path, and each remaining message once.
 */
function withoutConsequences(issues: ExplainedIssue[]): ExplainedIssue[] {
  const keyOf = (issue: ExplainedIssue): string => JSON.stringify(issue.path.map(String));
  const mistyped = new Set(issues.filter((issue) => issue.code === 'invalid_type').map(keyOf));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    if (issue.code !== 'invalid_type' && mistyped.has(keyOf(issue))) return false;
    const identity = `${keyOf(issue)}\u0000${issue.message}`;
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
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
  const expected = [
    ...new Set(branches.flatMap((branch) => branch.map((inner) => ('expected' in inner ? String(inner.expected) : undefined))).filter(Boolean)),
  ];
  const received = /received (\w+)/.exec(branches[0]?.[0]?.message ?? '')?.[1];
  return [{ code: 'invalid_type', path, message: `Invalid input: expected ${expected.join(' or ')}${received ? `, received ${received}` : ''}` }];
}

function maxDepth(issues: readonly ZodIssue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length));
}
