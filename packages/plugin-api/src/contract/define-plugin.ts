import type { ZodType, output as ZodOutput } from 'zod';
import type { RuntimeEnvPlugin } from './plugin-contract.js';

/** What hooks see: a schema that maps a value to undefined or null drops the field, and no hook runs for an absent field. */
type SpecOf<SpecSchema extends ZodType> = NonNullable<ZodOutput<SpecSchema>>;

type PluginDefinition<SpecSchema extends ZodType, OptionsSchema extends ZodType> = Omit<
  RuntimeEnvPlugin<SpecOf<SpecSchema>, ZodOutput<OptionsSchema>>,
  'schema' | 'options'
> & { schema: SpecSchema; options?: OptionsSchema };

/**
 * Returns its argument unchanged; it exists so each hook's `spec` and `ctx.options`
 * are typed from the schemas without writing the types out.
 */
export function definePlugin<SpecSchema extends ZodType, OptionsSchema extends ZodType = ZodType<undefined>>(
  plugin: PluginDefinition<SpecSchema, OptionsSchema>,
): RuntimeEnvPlugin<SpecOf<SpecSchema>, ZodOutput<OptionsSchema>> {
  return plugin as unknown as RuntimeEnvPlugin<SpecOf<SpecSchema>, ZodOutput<OptionsSchema>>;
}
