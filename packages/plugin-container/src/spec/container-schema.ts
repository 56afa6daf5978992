import { z } from 'zod';
import { formatRunOption, parseRunOptions } from '../run-options/parse-run-options.js';
import { imageNameSchema, kindOf } from './image-name-schema.js';

/** The normalized `container` field. Keys keep Ray's snake_case spelling. */
export interface ContainerSpec {
  image: string;
  /** Canonical one-word options (`--volume=/a:/b:ro`); absent when none were written. */
  run_options?: string[];
  /** Kept only so the document round-trips; it has no effect (see the README). */
  worker_path?: string;
}

const runOptionsSchema = z
  .array(z.string({ error: (issue) => `each run option must be a string, got ${kindOf(issue.input)}` }), {
    error: (issue) => `expected a list of docker run options such as ["--cpus", "2"], got ${kindOf(issue.input)}`,
  })
  .transform((words, context) => {
    const { options, problems } = parseRunOptions(words);
    for (const problem of problems) context.addIssue({ code: 'custom', path: [problem.index], message: problem.message });
    return options.map(formatRunOption);
  });

/** Ray's legacy `container` dict: `{image, run_options, worker_path}`. */
export const containerSchema = z
  .strictObject(
    {
      image: imageNameSchema,
      run_options: runOptionsSchema.optional(),
      worker_path: z.string({ error: 'worker_path must be a string' }).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key; "container" accepts image, run_options and worker_path`
          : `expected an object {"image": ..., "run_options": [...]}, got ${kindOf(issue.input)}`,
    },
  )
  .transform(
    ({ image, run_options, worker_path }): ContainerSpec => ({
      image,
      // No `"run_options": []` when none were written: the normalized form adds no defaults, as Ray's.
      ...(run_options === undefined ? {} : { run_options }),
      ...(worker_path === undefined ? {} : { worker_path }),
    }),
  );
