import { z } from 'zod';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** A byte count as a number, or a string such as `"10GiB"` or `"512 MB"`. */
export const byteSizeSchema = z.union([
  z.number().int().nonnegative(),
  z.string().transform((text, context) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
    const multiplier = match ? UNITS[(match[2] || 'b').toLowerCase()] : undefined;
    if (!match || multiplier === undefined) {
      context.addIssue({ code: 'custom', message: `expected a size such as 1048576, "512MiB" or "10GB", got "${text}"` });
      return z.NEVER;
    }
    return Math.round(Number(match[1]) * multiplier);
  }),
]);
