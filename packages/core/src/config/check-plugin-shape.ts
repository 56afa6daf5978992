import { ConfigError } from '@runtime-env/plugin-api';
import { PLUGIN_API_VERSION, type AnyRuntimeEnvPlugin } from '@runtime-env/plugin-api';

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;
const REQUIRED_HOOKS = ['hash'] as const;
const OPTIONAL_HOOKS = ['validate', 'isHashPure', 'create', 'modifyContext', 'delete', 'recover', 'close', 'launch', 'merge', 'formatLock'] as const;

function isZodSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

/**
 * Refuses anything that is not a plugin this core can drive, saying which entry and
 * which property is wrong. A module is never used on trust: a wrong export would
 * otherwise fail much later, inside a creation, with an unrelated message.
 */
export function checkPluginShape(value: unknown, source: string): AnyRuntimeEnvPlugin {
  const fail = (code: string, problem: string, hint?: string): never => {
    throw new ConfigError(code, `plugin ${source}`, problem, hint ? { hint } : {});
  };
  if (typeof value !== 'object' || value === null) {
    return fail('invalid_plugin', `exports ${value === null ? 'null' : typeof value}, not a plugin object`, 'export default a plugin made with definePlugin() from @runtime-env/plugin-api');
  }
  const candidate = value as Record<string, unknown>;
  if (candidate.apiVersion !== PLUGIN_API_VERSION) {
    return fail(
      'unsupported_plugin_api_version',
      `declares apiVersion ${JSON.stringify(candidate.apiVersion)}, but this core implements apiVersion ${PLUGIN_API_VERSION}`,
      'use a release of the plugin written for apiVersion 1, or a core that supports its version',
    );
  }
  if (typeof candidate.name !== 'string' || !FIELD_NAME.test(candidate.name) || candidate.name === 'config') {
    return fail('invalid_plugin', `has name ${JSON.stringify(candidate.name)}; a plugin name is the field it owns: lower case letters, digits and "_", and not "config"`);
  }
  const name = candidate.name;
  if (typeof candidate.version !== 'string' || candidate.version.length === 0) fail('invalid_plugin', `"${name}" has no version string`);
  if (candidate.priority !== undefined && (typeof candidate.priority !== 'number' || !Number.isInteger(candidate.priority) || candidate.priority < 0 || candidate.priority > 100)) {
    fail('invalid_plugin', `"${name}" has priority ${JSON.stringify(candidate.priority)}; expected an integer from 0 to 100`);
  }
  if (!isZodSchema(candidate.schema)) fail('invalid_plugin', `"${name}" has no zod "schema"`);
  if (candidate.options !== undefined && !isZodSchema(candidate.options)) fail('invalid_plugin', `"${name}" has an "options" that is not a zod schema`);
  for (const hook of REQUIRED_HOOKS) {
    if (typeof candidate[hook] !== 'function') fail('invalid_plugin', `"${name}" has no "${hook}" function`);
  }
  for (const hook of OPTIONAL_HOOKS) {
    if (candidate[hook] !== undefined && typeof candidate[hook] !== 'function') fail('invalid_plugin', `"${name}" has a "${hook}" that is not a function`);
  }
  if (candidate.launchModule !== undefined) {
    if (typeof candidate.launch !== 'function') fail('invalid_plugin', `"${name}" has a "launchModule" but no "launch" hook`);
    if (typeof candidate.launchModule !== 'string' || !candidate.launchModule.startsWith('file:')) {
      fail('invalid_plugin', `"${name}" has "launchModule" ${JSON.stringify(candidate.launchModule)}; expected a file: URL`, "write new URL('./launch-only.js', import.meta.url).href");
    }
  }
  if (candidate.launchModuleHashes !== undefined) {
    if (typeof candidate.launchModuleHashes !== 'boolean') fail('invalid_plugin', `"${name}" has a "launchModuleHashes" that is not a boolean`);
    if (candidate.launchModuleHashes === true && candidate.launchModule === undefined) fail('invalid_plugin', `"${name}" sets "launchModuleHashes" but has no "launchModule"`);
  }
  const variables = candidate.readsEnvironmentVariables;
  if (variables !== undefined && (!Array.isArray(variables) || variables.some((variable) => typeof variable !== 'string' || variable.length === 0))) {
    fail('invalid_plugin', `"${name}" has "readsEnvironmentVariables" that is not a list of variable names (a trailing * matches a prefix)`);
  }
  const companions = candidate.companionFields;
  if (companions !== undefined) {
    if (typeof companions !== 'object' || companions === null) fail('invalid_plugin', `"${name}" has "companionFields" that is not an object`);
    for (const [field, schema] of Object.entries(companions as object)) {
      if (!FIELD_NAME.test(field) || field === 'config') fail('invalid_plugin', `"${name}" declares companion field ${JSON.stringify(field)}, which is not a valid field name`);
      if (!isZodSchema(schema)) fail('invalid_plugin', `"${name}" companion field "${field}" has no zod schema`);
    }
  }
  return value as AnyRuntimeEnvPlugin;
}
