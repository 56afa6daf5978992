import { z } from 'zod';
import { configFileSchema } from './config-schema.js';

/** The JSON Schema of `rtenv.config.json`, derived from the zod schema the loader uses. */
export function configJsonSchema(): Record<string, unknown> {
  return { $id: 'https://runtime-env.dev/schemas/rtenv.config.json', ...z.toJSONSchema(configFileSchema, { io: 'input' }) };
}
