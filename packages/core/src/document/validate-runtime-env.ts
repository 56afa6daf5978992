import type { LoadedPlugin, RuntimeEnvConfig, ValidatedRuntimeEnv } from '../engine/manager-types.js';
import { RuntimeEnvError } from '@runtime-env/plugin-api';
import { ValidationError, type ValidationIssue } from '@runtime-env/plugin-api';
import type { NormalizedRuntimeEnv, PluginHookContext } from '@runtime-env/plugin-api';
import { checkDocumentDepth } from './document-limits.js';
import { CORE_FIELD, fieldOwnersOf } from './field-owners.js';
import { checkFieldRules } from './field-rules.js';
import { DEFAULT_RUNTIME_ENV_CONFIG, runtimeEnvConfigSchema } from './runtime-env-config.js';
import { suggestField } from './suggest-field.js';
import { issuesFromZodError } from './zod-issues.js';
import { withLocalPathBase } from '@runtime-env/plugin-api';
import type { ZodType } from 'zod';

export type { ValidatedRuntimeEnv } from '../engine/manager-types.js';

/**
 * The normalized document as Ray would print it: every field in its canonical form,
 * and no default the user did not write (`config` only when given, then filled in as Ray fills it).
 */
export function normalizedDocumentOf({ runtimeEnv, config, configGiven }: ValidatedRuntimeEnv): Record<string, unknown> {
  return configGiven ? { ...runtimeEnv, [CORE_FIELD]: config } : { ...runtimeEnv };
}

export interface ValidateRuntimeEnvOptions {
  /** The context each plugin's `validate` hook gets; a minimal one when absent. */
  contextFor?: (loaded: LoadedPlugin) => PluginHookContext<unknown>;
  /**
   * The folder relative local paths resolve against; `null` refuses them (the
   * agent, when its client named no folder); absent: this process's working directory.
   */
  baseDirectory?: string | null;
}

/**
 * Checks a runtime_env document against the loaded plugins and normalizes it.
 * Collects every issue before throwing, so one run of `rtenv validate` shows them
 * all. A field no plugin owns is an error (Ray only warns, and a typo such as
 * `"pipp"` then silently builds an environment without the packages). A document
 * nested deeper than `MAXIMUM_DOCUMENT_DEPTH` is refused first, with a `DocumentLimitError`.
 */
export function validateRuntimeEnv(document: unknown, plugins: readonly LoadedPlugin[], options: ValidateRuntimeEnvOptions = {}): ValidatedRuntimeEnv {
  return withLocalPathBase(options.baseDirectory, () => validateUnderBase(document, plugins, options));
}

function validateUnderBase(document: unknown, plugins: readonly LoadedPlugin[], options: ValidateRuntimeEnvOptions): ValidatedRuntimeEnv {
  // Before any walk of the document: zod, canonical JSON and JSON.stringify all recurse.
  checkDocumentDepth(document);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new ValidationError([{ code: 'invalid_document', path: '', message: `a runtime_env must be a JSON object, got ${describeValue(document)}` }]);
  }
  const owners = fieldOwnersOf(plugins);
  const issues: ValidationIssue[] = [];
  const normalized: Record<string, unknown> = {};
  let config: RuntimeEnvConfig = { ...DEFAULT_RUNTIME_ENV_CONFIG, log_files: [] };
  let configGiven = false;

  for (const [field, value] of Object.entries(document)) {
    // Ray drops a field whose value is None; JSON null means the same here.
    if (value === null || value === undefined) continue;
    if (field === CORE_FIELD) {
      const parsed = runtimeEnvConfigSchema.safeParse(value);
      configGiven = true;
      if (parsed.success) config = parsed.data;
      else issues.push(...issuesFromZodError(parsed.error, field, undefined, runtimeEnvConfigSchema));
      continue;
    }
    const owner = owners.get(field);
    if (!owner) {
      issues.push(unknownFieldIssue(field, [...owners.keys(), CORE_FIELD]));
      continue;
    }
    const parsed = parseField(owner.schema, value);
    if ('issues' in parsed) {
      issues.push(...parsed.issues.map((issue) => ({ ...issue, plugin: issue.plugin ?? owner.loaded.plugin.name })));
      continue;
    }
    if (!parsed.success) {
      issues.push(...issuesFromZodError(parsed.error, field, owner.loaded.plugin.name, owner.schema));
      continue;
    }
    if (parsed.data !== undefined && parsed.data !== null) normalized[field] = parsed.data;
  }

  issues.push(...checkFieldRules(normalized, plugins));
  // Hooks see only the fields that passed their schemas, so they run even when
  // another field failed: one run reports a bad pip file and a bad working_dir together.
  issues.push(...runValidateHooks(normalized, plugins, options));
  if (issues.length > 0) throw new ValidationError(issues);
  return { runtimeEnv: normalized, config, configGiven };
}

/** A schema's own `ValidationError` (a refused relative path) joins the other issues instead of ending validation. */
function parseField(schema: ZodType, value: unknown): ReturnType<ZodType['safeParse']> | { issues: readonly ValidationIssue[] } {
  try {
    return schema.safeParse(value);
  } catch (error) {
    if (ValidationError.isInstance(error)) return { issues: error.issues };
    throw error;
  }
}

function runValidateHooks(runtimeEnv: NormalizedRuntimeEnv, plugins: readonly LoadedPlugin[], options: ValidateRuntimeEnvOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const loaded of plugins) {
    const { plugin } = loaded;
    if (!plugin.validate || runtimeEnv[plugin.name] === undefined) continue;
    try {
      plugin.validate(runtimeEnv[plugin.name], { ...(options.contextFor?.(loaded) ?? minimalContext(loaded)), runtimeEnv });
    } catch (error) {
      if (ValidationError.isInstance(error)) {
        issues.push(...error.issues.map((issue) => ({ ...issue, plugin: issue.plugin ?? plugin.name })));
      } else {
        const message = error instanceof Error ? error.message : String(error);
        const code = RuntimeEnvError.isInstance(error) ? error.code : 'invalid_value';
        issues.push({ code, path: plugin.name, plugin: plugin.name, message });
      }
    }
  }
  return issues;
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
const neverAborted = new AbortController().signal;

function minimalContext(loaded: LoadedPlugin): PluginHookContext<unknown> {
  return { pluginDirectory: '', dataDirectory: '', logger: silentLogger, options: loaded.options, signal: neverAborted };
}

function unknownFieldIssue(field: string, known: string[]): ValidationIssue {
  const suggestion = suggestField(field, known);
  const knownList = [...known].sort().join(', ');
  return {
    code: 'unknown_field',
    path: field,
    message: `unknown field "${field}": no loaded plugin owns it${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known fields: ${knownList}. Load the plugin that owns it in rtenv.config.json, or remove the field`,
  };
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `${typeof value} ${String(value)}`;
}
