import type { ZodType, output as ZodOutput } from 'zod';
import type { RuntimeEnvPlugin } from './plugin-contract.js';

type PluginDefinition<SpecSchema extends ZodType, OptionsSchema extends ZodType> = Omit<
  RuntimeEnvPlugin<ZodOutput<SpecSchema>, ZodOutput<OptionsSchema>>,
  'schema' | 'options'
> & { schema: SpecSchema; options?: OptionsSchema };

/**
 * Returns its argument unchanged; it exists so each hook's `spec` and `ctx.options`
 * are typed from the schemas without writing the types out.
 */
export function definePlugin<SpecSchema extends ZodType, OptionsSchema extends ZodType = ZodType<undefined>>(
  plugin: PluginDefinition<SpecSchema, OptionsSchema>,
): RuntimeEnvPlugin<ZodOutput<SpecSchema>, ZodOutput<OptionsSchema>> {
  return plugin as RuntimeEnvPlugin<ZodOutput<SpecSchema>, ZodOutput<OptionsSchema>>;
}
