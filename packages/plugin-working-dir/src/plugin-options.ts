import { z } from 'zod';

const mebibyte = 1024 * 1024;

/** Ray's default excludes for working_dir; py_modules gets none (as in Ray). */
export const rayDefaultExcludes = ['.git', '.venv', 'venv', '__pycache__'] as const;

export const s3OptionsSchema = z
  .object({
    endpoint: z.string().url().optional(),
    region: z.string().default('us-east-1'),
    forcePathStyle: z.boolean().default(false),
    /** Prefer the usual AWS sources (environment, profile); these exist for tests and local servers. */
    accessKeyId: z.string().optional(),
    secretAccessKey: z.string().optional(),
    sessionToken: z.string().optional(),
    /** Packages larger than this are uploaded in parts of this size. */
    multipartPartBytes: z
      .number()
      .int()
      .min(5 * mebibyte)
      .default(16 * mebibyte),
  })
  .strict();

export const workingDirOptionsSchema = z
  .object({
    /**
     * Where packed local directories go: `file:///dir` or `s3://bucket/prefix`.
     * Absent: `<dataDirectory>/packages`. `null`: no store (local paths then need
     * `allowLocalPathsWithoutStore`).
     */
    store: z.string().nullable().optional(),
    s3: s3OptionsSchema.optional(),
    httpBearerToken: z.string().optional(),
    httpBearerTokenEnv: z.string().default('RTENV_HTTP_BEARER_TOKEN'),
    maxPackageBytes: z
      .number()
      .int()
      .positive()
      .default(512 * mebibyte),
    maxExtractedBytes: z
      .number()
      .int()
      .positive()
      .default(8 * 1024 * mebibyte),
    maxArchiveEntries: z.number().int().positive().default(500_000),
    /** Bytes out per byte in above which an archive is treated as a bomb (checked past 16 MiB out). */
    maxCompressionRatio: z.number().positive().default(200),
    allowLocalPathsWithoutStore: z.boolean().default(false),
    useGitignore: z.boolean().default(true),
    defaultExcludes: z.array(z.string()).default([...rayDefaultExcludes]),
    /** `none` is Ray's choice (stored zip) and the fastest; `gzip` saves bandwidth on text-heavy trees. */
    compression: z.enum(['none', 'gzip']).default('none'),
    /** The interpreter whose pip installs `.whl` py_modules (`pip install --target`, as Ray does). */
    pythonExecutable: z.string().default('python3'),
  })
  .strict();

export type WorkingDirOptions = z.output<typeof workingDirOptionsSchema>;
export type S3Options = z.output<typeof s3OptionsSchema>;

export function parseWorkingDirOptions(raw: unknown): WorkingDirOptions {
  return workingDirOptionsSchema.parse(raw ?? {});
}
