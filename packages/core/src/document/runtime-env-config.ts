import { z } from 'zod';
import type { RuntimeEnvConfig } from '../engine/manager-types.js';

/** Ray's defaults for the `config` field. */
export const DEFAULT_RUNTIME_ENV_CONFIG: Readonly<RuntimeEnvConfig> = Object.freeze({
  setup_timeout_seconds: 600,
  eager_install: true,
  log_files: [],
});

/**
 * The `config` field, owned by the core. Unlike Ray, which warns and drops unknown
 * keys, an unknown key is an error: a misspelt timeout silently becomes 600 s there.
 */
export const runtimeEnvConfigSchema = z
  .strictObject({
    setup_timeout_seconds: z
      .number({ error: 'expected an integer number of seconds' })
      .int('expected an integer number of seconds')
      .refine((seconds) => seconds > 0 || seconds === -1, 'must be greater than 0, or -1 for no limit')
      // Ray carries it as an int32 (RuntimeEnvConfig in its protocol) and refuses larger values.
      .refine((seconds) => seconds <= 2_147_483_647, 'must be at most 2147483647 (a 32-bit integer, as Ray carries it)')
      .default(DEFAULT_RUNTIME_ENV_CONFIG.setup_timeout_seconds),
    eager_install: z.boolean({ error: 'expected true or false' }).default(DEFAULT_RUNTIME_ENV_CONFIG.eager_install),
    log_files: z.array(z.string({ error: 'expected a file name (string)' }), { error: 'expected a list of file names' }).default([]),
  })
  .transform((config): RuntimeEnvConfig => ({ ...config, log_files: [...config.log_files] }))
  // Shown when `config` is not an object at all.
  .meta({ examples: [{ setup_timeout_seconds: 300 }] });
