import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { isValidIdentifier } from '../http/path-identifiers.js';

/** Leases longer than this are almost certainly a unit mistake (milliseconds for seconds). */
export const MAXIMUM_LEASE_SECONDS = 30 * 24 * 3600;
export const MAXIMUM_PREWARM_ENVIRONMENTS = 100;

const ownerSchema = z
  .string()
  .refine(isValidIdentifier, { message: 'an owner is 1-200 letters, digits and . _ : @ = + - starting with a letter or digit (a job, worker or client id)' });

/**
 * A plain JSON object, passed on as parsed. Not `z.record`: it copies keys by
 * assignment, and a `__proto__` key would become the copy's prototype instead of
 * a field the core rejects.
 */
const documentSchema = z.custom<Record<string, unknown>>((value) => value !== null && typeof value === 'object' && !Array.isArray(value), {
  message: 'the runtime_env document must be a JSON object such as {"env_vars": {"A": "1"}}',
});

const leaseSecondsSchema = z
  .number({ error: 'leaseSeconds must be a number of seconds' })
  .int('leaseSeconds must be a whole number of seconds')
  .min(1, 'leaseSeconds must be at least 1')
  .max(MAXIMUM_LEASE_SECONDS, `leaseSeconds must be at most ${MAXIMUM_LEASE_SECONDS} (30 days)`);

const baseDirectorySchema = z.string({ error: "baseDirectory must be the absolute path of the caller's folder" }).refine((value) => isAbsolute(value), {
  message: 'baseDirectory must be an absolute path (the folder relative local paths in the document are resolved against)',
});

export const createEnvironmentSchema = z.strictObject({
  runtimeEnv: documentSchema,
  owner: ownerSchema,
  leaseSeconds: leaseSecondsSchema.optional(),
  wait: z.boolean().optional(),
  refuseLauncher: z.boolean().optional(),
  baseDirectory: baseDirectorySchema.optional(),
  retry: z.boolean({ error: 'retry must be true or false' }).optional(),
});

export const renewLeaseSchema = z.strictObject({ leaseSeconds: leaseSecondsSchema });

export const gcSchema = z.strictObject({ dryRun: z.boolean().optional(), all: z.boolean().optional() });

export const prewarmSchema = z.strictObject({
  environments: z
    .array(documentSchema)
    .min(1, 'list at least one environment')
    .max(MAXIMUM_PREWARM_ENVIRONMENTS, `at most ${MAXIMUM_PREWARM_ENVIRONMENTS} environments per request`),
  owner: ownerSchema.optional(),
});

export const listQuerySchema = z.strictObject({
  state: z.enum(['creating', 'ready', 'failed']).optional(),
  plugin: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z.string().refine(isValidIdentifier, 'cursor must be the nextCursor of a previous page').optional(),
});
