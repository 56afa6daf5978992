import { ConfigError } from '../errors/config-error.js';
import { PLUGIN_API_VERSION, type AnyRuntimeEnvPlugin } from './plugin-contract.js';

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;
const OPTIONAL_HOOKS = ['validate', 'create', 'modifyContext', 'delete', 'recover', 'close', 'launch', 'merge', 'formatLock'] as const;

/** Where to read what changed, quoted by every refusal of a v1 plugin. */
export const MIGRATION_GUIDE = 'docs/writing-a-plugin.md, section "Migrating from v1"';

const V1_CHANGES =
  'in apiVersion 2 the core reads the plugin\'s name and version from its package.json (drop "version" and ctx.pluginVersion), ' +
  '"hash" returns { keys, fromSpecAlone? } and the core makes the URIs, every hook takes (spec, ctx), "create" returns a CreateResult, ' +
  '"isHashPure" became hash\'s "fromSpecAlone", and "launchModule" became the package\'s "./launch" export';

/** Properties of apiVersion 1 that mean nothing in 2: a plugin half-migrated would otherwise lose them silently. */
const V1_PROPERTIES = ['version', 'isHashPure', 'launchModule', 'launchModuleHashes'] as const;

function isZodSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

/**
 * Refuses anything that is not a plugin this contract describes, saying where
 * (`where`: the config entry, its package and file) and which property is wrong.
 * The core runs it on every plugin it loads, and the testkit on the plugin under test.
 */
export function checkPluginShape(value: unknown, where: string): AnyRuntimeEnvPlugin {
  const fail = (code: string, problem: string, hint?: string): never => {
    throw new ConfigError(code, where, problem, hint ? { hint } : {});
  };
  if (typeof value !== 'object' || value === null) {
    return fail(
      'invalid_plugin',
      `exports ${value === null ? 'null' : typeof value}, not a plugin object`,
      'export default a plugin made with definePlugin() from @runtime-env/plugin-api',
    );
  }
  const candidate = value as Record<string, unknown>;
  const named = typeof candidate.name === 'string' ? ` "${candidate.name}"` : '';
  if (candidate.apiVersion !== PLUGIN_API_VERSION) {
    const changes = candidate.apiVersion === 1 ? `; ${V1_CHANGES}` : '';
    return fail(
      'unsupported_plugin_api_version',
      `plugin${named} declares apiVersion ${JSON.stringify(candidate.apiVersion)}, but this core implements apiVersion ${PLUGIN_API_VERSION}${changes}`,
      `use a release of the plugin written for apiVersion ${PLUGIN_API_VERSION}, or migrate it: see ${MIGRATION_GUIDE}`,
    );
  }
  if (typeof candidate.name !== 'string' || !FIELD_NAME.test(candidate.name) || candidate.name === 'config') {
    return fail(
      'invalid_plugin',
      `has name ${JSON.stringify(candidate.name)}; a plugin name is the field it owns: lower case letters, digits and "_", and not "config"`,
    );
  }
  const name = candidate.name;
  for (const property of V1_PROPERTIES) {
    if (candidate[property] !== undefined)
      fail('invalid_plugin', `"${name}" has "${property}", a property of apiVersion 1; ${V1_CHANGES}`, `see ${MIGRATION_GUIDE}`);
  }
  if (
    candidate.priority !== undefined &&
    (typeof candidate.priority !== 'number' || !Number.isInteger(candidate.priority) || candidate.priority < 0 || candidate.priority > 100)
  ) {
    fail('invalid_plugin', `"${name}" has priority ${JSON.stringify(candidate.priority)}; expected an integer from 0 to 100`);
  }
  if (!isZodSchema(candidate.schema)) fail('invalid_plugin', `"${name}" has no zod "schema"`);
  if (candidate.options !== undefined && !isZodSchema(candidate.options)) fail('invalid_plugin', `"${name}" has an "options" that is not a zod schema`);
  if (typeof candidate.hash !== 'function') fail('invalid_plugin', `"${name}" has no "hash" function`);
  for (const hook of OPTIONAL_HOOKS) {
    if (candidate[hook] !== undefined && typeof candidate[hook] !== 'function') fail('invalid_plugin', `"${name}" has a "${hook}" that is not a function`);
  }
  const variables = candidate.readsEnvironmentVariables;
  if (variables !== undefined && (!Array.isArray(variables) || variables.some((variable) => typeof variable !== 'string' || variable.length === 0))) {
    fail('invalid_plugin', `"${name}" has "readsEnvironmentVariables" that is not a list of variable names (a trailing * matches a prefix)`);
  }
  const companions = candidate.companionFields;
  if (companions !== undefined) {
    if (typeof companions !== 'object' || companions === null) fail('invalid_plugin', `"${name}" has "companionFields" that is not an object`);
    for (const [field, schema] of Object.entries(companions as object)) {
      if (!FIELD_NAME.test(field) || field === 'config')
        fail('invalid_plugin', `"${name}" declares companion field ${JSON.stringify(field)}, which is not a valid field name`);
      if (!isZodSchema(schema)) fail('invalid_plugin', `"${name}" companion field "${field}" has no zod schema`);
    }
  }
  return value as AnyRuntimeEnvPlugin;
}
