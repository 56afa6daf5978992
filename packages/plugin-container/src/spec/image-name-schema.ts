import { z } from 'zod';
import { parseImageReference } from './image-reference.js';

/**
 * An image reference, checked and kept as written (trimmed): `busybox` stays `busybox`,
 * as in Ray's normalized form. Its canonical form (`busybox:latest`) is what the
 * plugin pulls and runs; see `imageRunSpecOf`.
 */
export const imageNameSchema = z
  .string({ error: (issue) => `expected an image reference string such as "registry.example.com/team/app:1.2", got ${kindOf(issue.input)}` })
  .transform((text, context) => {
    const parsed = parseImageReference(text.trim());
    if (typeof parsed === 'string') {
      context.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return text.trim();
  });

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}
