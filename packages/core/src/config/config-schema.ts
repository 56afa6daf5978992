import { z } from 'zod';
import { byteSizeSchema } from './byte-size.js';

/** A plugin entry: a package name or path, optionally with the plugin's options. */
export const pluginEntrySchema = z.union([z.string().min(1), z.tuple([z.string().min(1), z.record(z.string(), z.unknown())])]);

/**
 * `rtenv.config.json`. The JSON Schema shipped as `config.schema.json` is generated
 * from this (`pnpm --filter @runtime-env/core generate:schema`), so editors complete
 * and check the same shape the loader enforces.
 */
export const configFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    dataDir: z.string().min(1).optional().describe('Where state and environments live; relative paths are relative to this file.'),
    budgets: z
      .strictObject({
        totalBytes: byteSizeSchema.optional().describe('Node-wide budget for all environments.'),
        perPlugin: z.record(z.string(), byteSizeSchema).optional().describe('Budgets per plugin name.'),
      })
      .optional(),
    maxConcurrentCreations: z.number().int().min(1).optional().describe('Simultaneous creations; default: the CPU count.'),
    failureTtlSeconds: z.number().int().min(0).optional().describe('How long a failed environment is remembered; default 600.'),
    plugins: z
      .array(pluginEntrySchema)
      .optional()
      .describe('Plugins to load: "package", ["package", {options}] or "./local-plugin.mjs". Default: the installed first-party plugins.'),
    pluginOptions: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe(
        'Options for loaded plugins, by field ("pip", "image_uri") or package name, without listing the plugins: they apply to the default plugins and to a `plugins` list alike, over options written there.',
      ),
    agent: z.record(z.string(), z.unknown()).optional().describe('Settings of the per-node agent, checked by @runtime-env/agent.'),
  })
  .describe('runtime-env configuration (rtenv.config.json)');

export type ConfigFile = z.output<typeof configFileSchema>;
export type PluginEntry = z.output<typeof pluginEntrySchema>;
