import { configJsonSchema } from '@runtime-env/core';
import { defineCommand } from '../arguments/command-definition.js';
import { ExitCode } from '../exit-codes.js';
import { writeJson } from '../output/write-json.js';

export const configSchemaCommand = defineCommand({
  name: 'config-schema',
  summary: 'Print the JSON Schema of rtenv.config.json, for editors and CI checks.',
  usage: 'config-schema',
  details: `Generated from the same schema the config loader enforces.

Example:
  rtenv config-schema > rtenv.config.schema.json`,
  options: {},
  positionals: { minimum: 0, maximum: 0 },
  async run({ io }) {
    writeJson(io.stdout, configJsonSchema());
    return ExitCode.ok;
  },
});
