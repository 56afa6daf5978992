import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, type JsonObject } from '@runtime-env/core';
import { MAXIMUM_PREWARM_ENVIRONMENTS } from '../validation/request-schemas.js';

const documentList = z.array(z.record(z.string(), z.unknown())).min(1).max(MAXIMUM_PREWARM_ENVIRONMENTS);
const prewarmFileSchema = z.union([documentList, z.strictObject({ environments: documentList })]);

/**
 * A prewarm file: a JSON array of runtime_env documents, or `{"environments": [...]}`
 * (the body of `POST /v1/prewarm`).
 */
export async function readPrewarmFile(filePath: string): Promise<JsonObject[]> {
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(await readFile(filePath, 'utf8'));
  } catch (error) {
    throw new ConfigError('invalid_prewarm_file', filePath, `cannot read it as JSON: ${(error as Error).message}`, {
      hint: 'write a JSON array of runtime_env documents, e.g. [{"pip": ["requests"]}]',
    });
  }
  const result = prewarmFileSchema.safeParse(parsedJson);
  if (!result.success) {
    throw new ConfigError(
      'invalid_prewarm_file',
      filePath,
      `expected 1-${MAXIMUM_PREWARM_ENVIRONMENTS} runtime_env objects, as a list or {"environments": [...]}`,
      {
        hint: 'each entry is one runtime_env document such as {"env_vars": {"A": "1"}}',
      },
    );
  }
  return (Array.isArray(result.data) ? result.data : result.data.environments) as JsonObject[];
}
