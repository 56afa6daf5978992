import { canonicalJson } from '../document/canonical-json.js';
import type { LaunchContext, PluginIdentity } from '@runtime-env/plugin-api';
import { readJsonFile, writePrivateFileAtomically, type FastPathFiles } from './fast-path-files.js';
import type { LoadedFile } from './loaded-file.js';
import { sha256HexOfText } from '../digest/text-digest.js';

/**
 * The key of a raw document's record under a scope: the SHA-256 of the scope and
 * the document's canonical JSON, so key order and whitespace do not matter but
 * every value the caller wrote does. One digest per lookup: a cached run computes
 * it in JavaScript (see text-digest.ts), where each digest costs it about half a
 * millisecond before the code is optimised.
 */
export function recordKeyOf(scope: string, document: unknown): string {
  return sha256HexOfText(`${scope}\n${canonicalJson(document)}`);
}

/** The plugin an environment launches through, as the engine loaded it: the fast path imports its launch module alone. */
export interface FastPathLauncher {
  /** The config entry it was loaded from (`LoadedPlugin.source`). */
  source: string;
  /** Its package's light launch module (a `file:` URL, the `"./launch"` export), which exports `launch`. */
  launchModuleUrl: string;
  /** The options the engine parsed, as JSON (absent when the plugin got none): passed as `ctx.options` without parsing again. */
  optionsJson?: string;
}

/**
 * A field whose keys do not come from its spec alone, recorded with what re-checks it: the same URIs
 * from its package's launch module mean the document still names this environment.
 */
export interface FastPathRecheck {
  field: string;
  /** The field's plugin package when recorded: with the module's keys, it makes the URIs compared. */
  identity: PluginIdentity;
  /** The package's launch module (a `file:` URL), which exports `hash`. */
  launchModuleUrl: string;
  optionsJson?: string;
  /** The field's normalized spec (JSON), as the module's `hash` takes it. */
  spec: unknown;
  uris: string[];
}

/**
 * A document record (`fast-path/run/<…>.json`): (scope, raw document) →
 * environment, written by the engine once a document's environment is ready and
 * nothing but the document and the files it loaded decided it.
 */
export interface FastPathRecord {
  environmentId: string;
  /** The files whose content the record holds for: the config, the plugin modules, the core's own. */
  loadedFiles: LoadedFile[];
  /** Set when the environment's context names a launcher plugin with a launch module the engine read. */
  launcher: FastPathLauncher | undefined;
  /** Empty when every field's keys come from its spec alone. */
  rechecks: FastPathRecheck[];
}

/** An environment file (`fast-path/environments/<id>.json`): what serving the environment needs. */
export interface FastPathServable {
  environmentId: string;
  /** The launch context the engine stored when the environment became ready (env_vars values in clear). */
  context: LaunchContext;
  /** The directories of its URIs: one gone means the engine must rebuild it. */
  uriPaths: string[];
}

/**
 * Bump when a file's layout or meaning changes: a file of another format is a miss, and the engine's path writes it again.
 * 2: records named by one digest of scope and document (1 named them by a digest of the scope and the document's digest).
 */
const FORMAT = 2;

/**
 * The fast path's files, read and written without the state database. The
 * engine writes a document record first and the environment's file second (in
 * a database transaction that checks the environment is still ready, see
 * `FastPathRecorder`); the fast path reads them in the same order.
 */
export class FastPathStore {
  constructor(readonly files: FastPathFiles) {}

  recordDocument(scope: string, recordKey: string, record: FastPathRecord): void {
    const stored = { format: FORMAT, scope, recordKey, ...record, launcher: record.launcher ?? null };
    writePrivateFileAtomically(this.files.documentRecordPath(recordKey), JSON.stringify(stored));
  }

  /** The record, or undefined when there is none or this core cannot read it (the engine's path then records it again). */
  lookup(scope: string, recordKey: string): FastPathRecord | undefined {
    const stored = readJsonFile(this.files.documentRecordPath(recordKey)) as Record<string, unknown> | undefined;
    if (stored?.format !== FORMAT || stored.scope !== scope || stored.recordKey !== recordKey || !isString(stored.environmentId)) return undefined;
    const loadedFiles = loadedFilesOf(stored.loadedFiles);
    const launcher = stored.launcher === null ? undefined : launcherOf(stored.launcher);
    const rechecks = rechecksOf(stored.rechecks);
    if (!loadedFiles || launcher === null || !rechecks) return undefined;
    return { environmentId: stored.environmentId, loadedFiles, launcher, rechecks };
  }

  /** The environment a document record names, when it is still servable; undefined once its file is gone (the tombstone). */
  servable(environmentId: string): FastPathServable | undefined {
    const path = this.files.environmentPath(environmentId);
    const stored = path === undefined ? undefined : (readJsonFile(path) as Record<string, unknown> | undefined);
    if (stored?.format !== FORMAT || stored.environmentId !== environmentId) return undefined;
    if (typeof stored.context !== 'object' || stored.context === null || !Array.isArray(stored.uriPaths) || !stored.uriPaths.every(isString)) return undefined;
    return { environmentId, context: stored.context as LaunchContext, uriPaths: stored.uriPaths };
  }

  /** Only while the caller holds a write transaction that saw the environment ready: see `FastPathRecorder`. */
  writeServable(servable: FastPathServable): void {
    const path = this.files.environmentPath(servable.environmentId);
    if (path) writePrivateFileAtomically(path, JSON.stringify({ format: FORMAT, ...servable }));
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

function loadedFilesOf(stored: unknown): LoadedFile[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  const files = stored as Partial<LoadedFile>[];
  return files.every(
    (file) => isString(file?.path) && isString(file.sha256) && typeof file.size === 'number' && (file.stamp === undefined || isString(file.stamp)),
  )
    ? (files as LoadedFile[])
    : undefined;
}

/** Null when the file holds something this core cannot read. */
function launcherOf(stored: unknown): FastPathLauncher | null {
  const value = (stored ?? {}) as Partial<FastPathLauncher>;
  if (!isString(value.source) || !isString(value.launchModuleUrl)) return null;
  if (value.optionsJson !== undefined && !isString(value.optionsJson)) return null;
  return value as FastPathLauncher;
}

function rechecksOf(stored: unknown): FastPathRecheck[] | undefined {
  if (!Array.isArray(stored)) return undefined;
  for (const entry of stored as Partial<FastPathRecheck>[]) {
    if (!isString(entry?.field) || !isString(entry.identity?.name) || !isString(entry.identity.version) || !isString(entry.launchModuleUrl)) return undefined;
    if (entry.optionsJson !== undefined && !isString(entry.optionsJson)) return undefined;
    if (!Array.isArray(entry.uris) || !entry.uris.every(isString)) return undefined;
  }
  return stored as FastPathRecheck[];
}
