import type { ZodType } from 'zod';
import { HttpError } from '../http/http-error.js';

/** Parses with `schema`, or throws a 400 that lists every problem with its path. */
export function parseRequest<Output>(schema: ZodType<Output>, value: unknown, where: 'body' | 'query'): Output {
  if (value === undefined && where === 'body') throw new HttpError(400, 'invalid_request', 'the request needs a JSON body');
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    code: issue.code,
    path: issue.path
      .map((segment) => (typeof segment === 'number' ? `[${segment}]` : String(segment)))
      .join('.')
      .replace(/\.\[/g, '['),
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path || `(${where})`}: ${issue.message}`).join('; ');
  throw new HttpError(400, 'invalid_request', `invalid ${where}: ${summary.slice(0, 1000)}`, { issues: issues.slice(0, 50) });
}
