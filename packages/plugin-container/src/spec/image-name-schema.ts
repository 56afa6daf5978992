import { z } from 'zod';
import { formatImageReference, parseImageReference } from './image-reference.js';

/** An image reference, checked and written canonically (`busybox` → `busybox:latest`). */
export const imageNameSchema = z
  .string({ error: (issue) => `expected an image reference string such as "registry.example.com/team/app:1.2", got ${kindOf(issue.input)}` })
  .transform((text, context) => {
    const parsed = parseImageReference(text.trim());
    if (typeof parsed === 'string') {
      context.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return formatImageReference(parsed);
  });

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}
