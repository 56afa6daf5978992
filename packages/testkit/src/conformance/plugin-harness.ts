import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  validateRuntimeEnv,
  type AnyRuntimeEnvPlugin,
  type CreateResult,
  type LaunchContext,
  type LoadedPlugin,
  type NormalizedRuntimeEnv,
  type PluginHookContext,
  type ProgressUpdate,
} from '@runtime-env/core';
import { ConformanceFailure } from './conformance-failure.js';
import type { SpecCase } from './conformance-spec.js';
import { createRecordingLogger, type RecordingLogger } from './recording-logger.js';
import { createRunProcess, type ProcessGroupRegistry } from './run-child-process.js';

/** A spec case after the plugin's schema: what the hooks receive. */
export interface NormalizedCase {
  spec: unknown;
  runtimeEnv: NormalizedRuntimeEnv;
}

export interface CreatedUri {
  uri: string;
  directory: string;
  result: CreateResult;
}

/**
 * Calls one plugin's hooks directly, with contexts shaped as the core builds them,
 * on a data directory the caller owns: the plugin-level checks need no engine.
 * The layout is the core's: `<data>/plugins/<name>/shared` is the plugin directory,
 * `<data>/plugins/<name>/uris/<digest>` a URI's directory.
 */
export interface PluginHarness {
  readonly plugin: AnyRuntimeEnvPlugin;
  readonly loaded: LoadedPlugin;
  readonly dataDirectory: string;
  readonly pluginDirectory: string;
  readonly logger: RecordingLogger;
  readonly progress: ProgressUpdate[];
  readonly processGroups: ProcessGroupRegistry;
  normalize(specCase: SpecCase): NormalizedCase;
  /** The `env_vars` values of a document: what must never reach a log. */
  secretsOf(normalized: NormalizedCase): string[];
  hash(normalized: NormalizedCase, plugin?: AnyRuntimeEnvPlugin): Promise<string[]>;
  directoryFor(uri: string): string;
  create(uri: string, normalized: NormalizedCase, signal?: AbortSignal): Promise<CreatedUri>;
  modifyContext(created: readonly CreatedUri[], normalized: NormalizedCase, context: LaunchContext): Promise<void>;
  /** Calls `delete` when the plugin has one; `undefined` when it has none. */
  delete(created: CreatedUri): Promise<number | undefined>;
}

export async function openPluginHarness(loaded: LoadedPlugin, dataDirectory: string): Promise<PluginHarness> {
  const { plugin } = loaded;
  const pluginDirectory = join(dataDirectory, 'plugins', plugin.name, 'shared');
  await mkdir(pluginDirectory, { recursive: true });
  const logger = createRecordingLogger();
  const progress: ProgressUpdate[] = [];
  const processGroups: ProcessGroupRegistry = new Set();
  const neverAborted = new AbortController().signal;
  const baseContext = (signal: AbortSignal, calledPlugin: AnyRuntimeEnvPlugin = plugin): PluginHookContext<unknown> => ({
    pluginDirectory,
    dataDirectory,
    logger,
    options: loaded.options,
    signal,
    pluginVersion: calledPlugin.version,
  });
  const secretsOf = (normalized: NormalizedCase): string[] => {
    const variables = normalized.runtimeEnv.env_vars;
    if (variables === null || typeof variables !== 'object') return [];
    return Object.values(variables).filter((value): value is string => typeof value === 'string' && value.length > 0);
  };
  const directoryFor = (uri: string): string =>
    join(dataDirectory, 'plugins', plugin.name, 'uris', createHash('sha256').update(uri).digest('hex').slice(0, 32));

  return {
    plugin,
    loaded,
    dataDirectory,
    pluginDirectory,
    logger,
    progress,
    processGroups,
    normalize: (specCase) => normalizeCase(loaded, specCase),
    secretsOf,
    directoryFor,
    async hash(normalized, hashingPlugin = plugin) {
      const uris = await hashingPlugin.hash(normalized.spec, { ...baseContext(neverAborted, hashingPlugin), runtimeEnv: normalized.runtimeEnv });
      return [...uris];
    },
    async create(uri, normalized, signal = neverAborted) {
      if (!plugin.create) throw new ConformanceFailure(plugin.name, 'create', `hash returned URI "${uri}" but the plugin has no create hook`);
      const directory = directoryFor(uri);
      await mkdir(directory, { recursive: true });
      const returned = await plugin.create(uri, normalized.spec, {
        ...baseContext(signal),
        directory,
        runtimeEnv: normalized.runtimeEnv,
        progress: (update) => progress.push(update),
        runProcess: createRunProcess(signal, logger, secretsOf(normalized), processGroups),
      });
      return { uri, directory, result: typeof returned === 'number' ? { sizeBytes: returned } : returned };
    },
    async modifyContext(created, normalized, context) {
      if (!plugin.modifyContext) return;
      const byUri = new Map(created.map((entry) => [entry.uri, entry]));
      const lookup = (uri: string): CreatedUri => {
        const entry = byUri.get(uri);
        if (!entry) throw new ConformanceFailure(plugin.name, 'modifyContext', `asked for URI "${uri}", which is not one of the URIs it was given`);
        return entry;
      };
      await plugin.modifyContext([...byUri.keys()], normalized.spec, context, {
        ...baseContext(neverAborted),
        runtimeEnv: normalized.runtimeEnv,
        directoryOf: (uri) => lookup(uri).directory,
        detailsOf: (uri) => lookup(uri).result.details,
      });
    },
    async delete(created) {
      if (!plugin.delete) return undefined;
      return plugin.delete(created.uri, { ...baseContext(neverAborted), directory: created.directory, details: created.result.details });
    },
  };
}

/**
 * Runs the document's own fields through the core's validation (so companion
 * fields and `validate` behave as in production); fields of other plugins
 * (`env_vars` next to `pip`) are passed through as written.
 */
function normalizeCase(loaded: LoadedPlugin, specCase: SpecCase): NormalizedCase {
  const { plugin } = loaded;
  const ownFields = new Set([plugin.name, ...Object.keys(plugin.companionFields ?? {})]);
  const owned: Record<string, unknown> = { [plugin.name]: specCase.spec };
  const foreign: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(specCase.runtimeEnv ?? {})) {
    if (ownFields.has(field)) owned[field] = value;
    else foreign[field] = value;
  }
  const { runtimeEnv } = validateRuntimeEnv(owned, [loaded]);
  if (runtimeEnv[plugin.name] === undefined) {
    throw new ConformanceFailure(plugin.name, 'spec fixture', 'the spec normalizes to nothing (the field is dropped)', 'give a spec that keeps the field');
  }
  return { spec: runtimeEnv[plugin.name], runtimeEnv: { ...foreign, ...runtimeEnv } };
}
