import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  keyProblem,
  pluginUri,
  ValidationError,
  type AnyRuntimeEnvPlugin,
  type CreateResult,
  type HashResult,
  type LaunchContext,
  type NormalizedRuntimeEnv,
  type PluginHookContext,
  type PluginIdentity,
  type ProgressUpdate,
} from '@runtime-env/plugin-api';
import { ConformanceFailure } from './conformance-failure.js';
import type { SpecCase } from './conformance-spec.js';
import { createRecordingLogger, type RecordingLogger } from './recording-logger.js';
import { createRunProcess, type ProcessGroupRegistry } from './run-child-process.js';

/** The plugin under test, its options parsed by its own schema, registered under a package identity. */
export interface PluginUnderTest {
  plugin: AnyRuntimeEnvPlugin;
  options: unknown;
  identity: PluginIdentity;
}

/** A spec case after the plugin's schema and `validate`: what the other hooks receive. */
export interface NormalizedCase {
  spec: unknown;
  runtimeEnv: NormalizedRuntimeEnv;
}

export interface CreatedUri {
  uri: string;
  key: string;
  directory: string;
  result: CreateResult;
}

/**
 * Calls one plugin's hooks directly, with contexts shaped as the core builds them,
 * on a data directory the caller owns: the conformance checks need no engine.
 * URIs are composed as the core composes them (`pluginUri`), and the layout is
 * the core's: `<data>/plugins/<name>/shared` is the plugin directory,
 * `<data>/plugins/<name>/uris/<digest>` a URI's directory.
 */
export interface PluginHarness {
  readonly plugin: AnyRuntimeEnvPlugin;
  readonly underTest: PluginUnderTest;
  readonly dataDirectory: string;
  readonly pluginDirectory: string;
  readonly logger: RecordingLogger;
  readonly progress: ProgressUpdate[];
  readonly processGroups: ProcessGroupRegistry;
  normalize(specCase: SpecCase): NormalizedCase;
  /** The `env_vars` values of a document: what must never reach a log. */
  secretsOf(normalized: NormalizedCase): string[];
  /** What `hash` returned, checked as the core checks it. */
  hashResult(normalized: NormalizedCase): Promise<HashResult>;
  /** The URIs the core would make of `hash`'s keys. */
  hash(normalized: NormalizedCase): Promise<string[]>;
  directoryFor(uri: string): string;
  create(uri: string, normalized: NormalizedCase, signal?: AbortSignal): Promise<CreatedUri>;
  modifyContext(created: readonly CreatedUri[], normalized: NormalizedCase, context: LaunchContext): Promise<void>;
  /** Calls `delete` when the plugin has one; `undefined` when it has none. */
  delete(created: CreatedUri, normalized: NormalizedCase): Promise<number | undefined>;
  /** The context every hook gets. */
  baseContext(signal?: AbortSignal): PluginHookContext<unknown>;
}

/** The options as the config loader parses them: absent ones as `{}`, so defaults fill in. */
export function pluginUnderTest(plugin: AnyRuntimeEnvPlugin, rawOptions: unknown, identity: PluginIdentity): PluginUnderTest {
  if (!plugin.options) return { plugin, options: undefined, identity };
  const parsed = plugin.options.safeParse(rawOptions ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ');
    throw new ConformanceFailure(
      plugin.name,
      'options',
      `the options given to the suite are invalid: ${problems}`,
      'fix the options in the conformance spec (they mirror the plugin entry in rtenv.config.json)',
    );
  }
  return { plugin, options: parsed.data, identity };
}

export async function openPluginHarness(underTest: PluginUnderTest, dataDirectory: string): Promise<PluginHarness> {
  const { plugin } = underTest;
  const pluginDirectory = join(dataDirectory, 'plugins', plugin.name, 'shared');
  await mkdir(pluginDirectory, { recursive: true });
  const logger = createRecordingLogger();
  const progress: ProgressUpdate[] = [];
  const processGroups: ProcessGroupRegistry = new Set();
  const neverAborted = new AbortController().signal;
  const keys = new Map<string, string>();
  const baseContext = (signal: AbortSignal = neverAborted): PluginHookContext<unknown> => ({
    pluginDirectory,
    dataDirectory,
    logger,
    options: underTest.options,
    signal,
  });
  const secretsOf = (normalized: NormalizedCase): string[] => {
    const variables = normalized.runtimeEnv.env_vars;
    if (variables === null || typeof variables !== 'object') return [];
    return Object.values(variables).filter((value): value is string => typeof value === 'string' && value.length > 0);
  };
  const directoryFor = (uri: string): string =>
    join(dataDirectory, 'plugins', plugin.name, 'uris', createHash('sha256').update(uri).digest('hex').slice(0, 32));
  const hashResult = async (normalized: NormalizedCase): Promise<HashResult> => {
    const result = await plugin.hash(normalized.spec, { ...baseContext(), runtimeEnv: normalized.runtimeEnv });
    if (typeof result !== 'object' || result === null || !Array.isArray(result.keys)) {
      throw new ConformanceFailure(
        plugin.name,
        'hash returns keys',
        `returned ${JSON.stringify(result)}`,
        'return { keys: string[], fromSpecAlone?: boolean }',
      );
    }
    for (const key of result.keys) {
      const problem = keyProblem(key);
      if (problem) throw new ConformanceFailure(plugin.name, 'hash returns keys', problem);
    }
    return result;
  };

  return {
    plugin,
    underTest,
    dataDirectory,
    pluginDirectory,
    logger,
    progress,
    processGroups,
    normalize: (specCase) => normalizeCase(underTest, specCase, baseContext()),
    secretsOf,
    hashResult,
    async hash(normalized) {
      const { keys: hashed } = await hashResult(normalized);
      return hashed.map((key) => {
        const uri = pluginUri(plugin.name, underTest.identity, key);
        keys.set(uri, key);
        return uri;
      });
    },
    directoryFor,
    async create(uri, normalized, signal = neverAborted) {
      const key = keys.get(uri);
      if (key === undefined) throw new Error(`the harness made no URI "${uri}": call hash first`);
      if (!plugin.create) throw new ConformanceFailure(plugin.name, 'create', `hash returned key "${key}" but the plugin has no create hook`);
      const directory = directoryFor(uri);
      await mkdir(directory, { recursive: true });
      const result = await plugin.create(normalized.spec, {
        ...baseContext(signal),
        uri,
        key,
        directory,
        runtimeEnv: normalized.runtimeEnv,
        progress: (update) => progress.push(update),
        runProcess: createRunProcess(signal, logger, secretsOf(normalized), processGroups),
      });
      if (typeof result !== 'object' || result === null || typeof result.sizeBytes !== 'number') {
        throw new ConformanceFailure(
          plugin.name,
          'create returns a CreateResult',
          `returned ${JSON.stringify(result)}`,
          'return { sizeBytes, lock?, details? }',
        );
      }
      return { uri, key, directory, result };
    },
    async modifyContext(created, normalized, context) {
      if (!plugin.modifyContext) return;
      const byUri = new Map(created.map((entry) => [entry.uri, entry]));
      const lookup = (uri: string): CreatedUri => {
        const entry = byUri.get(uri);
        if (!entry) throw new ConformanceFailure(plugin.name, 'modifyContext', `asked for URI "${uri}", which is not one of the URIs it was given`);
        return entry;
      };
      await plugin.modifyContext(normalized.spec, {
        ...baseContext(),
        runtimeEnv: normalized.runtimeEnv,
        uris: [...byUri.keys()],
        context,
        directoryOf: (uri) => lookup(uri).directory,
        detailsOf: (uri) => lookup(uri).result.details,
      });
    },
    async delete(created, normalized) {
      if (!plugin.delete) return undefined;
      return plugin.delete(normalized.spec, {
        ...baseContext(),
        uri: created.uri,
        key: created.key,
        directory: created.directory,
        details: created.result.details,
      });
    },
    baseContext,
  };
}

/**
 * The document's own fields through their schemas (companion fields too), then
 * `validate`, as the core does; fields of other plugins (`env_vars` next to
 * `pip`) are passed through as written.
 */
function normalizeCase(underTest: PluginUnderTest, specCase: SpecCase, context: PluginHookContext<unknown>): NormalizedCase {
  const { plugin } = underTest;
  const schemas = { ...plugin.companionFields, [plugin.name]: plugin.schema };
  const runtimeEnv: Record<string, unknown> = {};
  for (const [field, value] of Object.entries({ ...specCase.runtimeEnv, [plugin.name]: specCase.spec })) {
    const schema = schemas[field];
    if (!schema) {
      runtimeEnv[field] = value;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new ConformanceFailure(
        plugin.name,
        'spec fixture',
        `the schema of "${field}" rejects ${JSON.stringify(value)}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
      );
    }
    if (parsed.data !== undefined && parsed.data !== null) runtimeEnv[field] = parsed.data;
  }
  if (runtimeEnv[plugin.name] === undefined) {
    throw new ConformanceFailure(plugin.name, 'spec fixture', 'the spec normalizes to nothing (the field is dropped)', 'give a spec that keeps the field');
  }
  try {
    plugin.validate?.(runtimeEnv[plugin.name], { ...context, runtimeEnv });
  } catch (error) {
    const message = ValidationError.isInstance(error) ? error.issues.map((issue) => issue.message).join('; ') : String(error);
    throw new ConformanceFailure(plugin.name, 'spec fixture', `validate rejects it: ${message}`);
  }
  return { spec: runtimeEnv[plugin.name], runtimeEnv };
}
