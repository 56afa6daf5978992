import { z } from 'zod';

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

const pipSection = z.strictObject(
  { pip: z.array(nonEmptyText, { error: '"pip" inside dependencies must be a list of requirement strings' }) },
  { error: 'a dependencies entry that is not a string must be {"pip": [...]}' },
);

/**
 * An environment.yml as an object. `prefix` (written by `conda env export`) is
 * accepted and dropped, since the plugin chooses the prefix; `variables` are set
 * when the environment is activated, as `conda activate` does.
 */
export const environmentDefinitionSchema = z
  .strictObject(
    {
      name: z.string().optional(),
      channels: z.array(nonEmptyText, { error: '"channels" must be a list of channel names or URLs' }).optional(),
      dependencies: z.array(z.union([nonEmptyText, pipSection], { error: 'each dependency must be a match spec string or {"pip": [...]}' }), {
        error: '"dependencies" must be a list of match specs and at most one {"pip": [...]}',
      }),
      variables: z.record(z.string(), z.string(), { error: '"variables" must map names to strings' }).optional(),
      prefix: z.string().optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key(s) ${issue.keys.map((key) => `"${key}"`).join(', ')} in the conda environment; allowed: name, channels, dependencies, variables, prefix`
          : undefined,
    },
  )
  .transform((definition, context) => {
    const pipSections = definition.dependencies.filter((entry) => typeof entry !== 'string');
    if (pipSections.length > 1) {
      context.addIssue({ code: 'custom', message: 'dependencies may hold only one {"pip": [...]} entry', path: ['dependencies'] });
      return z.NEVER;
    }
    const matchSpecs = unique(definition.dependencies.filter((entry): entry is string => typeof entry === 'string'));
    const pip = pipSections[0]?.pip ?? [];
    return {
      ...(definition.name === undefined ? {} : { name: definition.name }),
      // No `"channels": []` when none were written: the normalized form adds no defaults, as Ray's.
      ...(definition.channels === undefined ? {} : { channels: unique(definition.channels) }),
      dependencies: pip.length > 0 ? [...matchSpecs, { pip }] : matchSpecs,
      ...(definition.variables && Object.keys(definition.variables).length > 0 ? { variables: definition.variables } : {}),
    };
  });

export type EnvironmentDefinition = z.output<typeof environmentDefinitionSchema>;

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
