import type { LaunchContext } from '@runtime-env/plugin-api';
import type { AnyRuntimeEnvPlugin, JsonObject, LockedPackage, NormalizedRuntimeEnv, PluginIdentity, ProgressUpdate } from '@runtime-env/plugin-api';
import type { FailureClass } from '@runtime-env/plugin-api';
import type { LoadedFile } from '../fast-path/loaded-file.js';

export type UriState = 'creating' | 'ready' | 'failed' | 'deleting';
export type EnvironmentState = 'creating' | 'ready' | 'failed';

/** A plugin as loaded from the config: the plugin, its parsed options, where it came from. */
export interface LoadedPlugin {
  plugin: AnyRuntimeEnvPlugin;
  options: unknown;
  /** The config entry it came from (a package name or `./my-plugin.mjs`), or `inline`. */
  source: string;
  /** The package it came from (its package.json's name and version), part of every URI it makes. */
  identity: PluginIdentity;
  /** The `file:` URL of that package's `"./launch"` export, when it has one. */
  launchModule?: string;
  /**
   * The files the loader read it from, with their digests: the entry module it
   * resolved, the package.json its identity came from and, if the package has one, its launch module. Absent for a plugin
   * passed inline; the fast path then cannot launch through it.
   */
  loadedFrom?: { entry: LoadedFile; manifest: LoadedFile; launchModule?: LoadedFile };
}

export interface Reference {
  owner: string;
  /** ISO time after which the reference lapses unless renewed; absent: held until released. */
  expiresAt?: string;
  /** A local process holding the reference; it lapses when that process is gone. */
  pid?: number;
}

export interface UriRecord {
  uri: string;
  plugin: string;
  state: UriState;
  /** The directory the URI lives in. */
  path: string;
  sizeBytes: number;
  createdAt: string;
  lastUsedAt: string;
  creationMs: number | null;
  pinned: boolean;
  /** Environments that need this URI and hold at least one reference. */
  referencedBy: string[];
  lock?: LockedPackage[];
  details?: JsonObject;
}

export interface EnvironmentRecord {
  id: string;
  /** The normalized document, without `config`. */
  runtimeEnv: NormalizedRuntimeEnv;
  config: RuntimeEnvConfig;
  uris: { plugin: string; uri: string }[];
  state: EnvironmentState;
  references: Reference[];
  pinned: boolean;
  createdAt: string;
  lastUsedAt: string;
  creationMs: number | null;
  sizeBytes: number;
  /** Why it failed: the error's code and message, where (plugin, hook), and what to do (`hint`, when the error had one). */
  error?: { code: string; message: string; plugin?: string; hook?: string; failureClass?: FailureClass; failedAt: string; hint?: string };
  setupLogPath: string;
  /**
   * While `creating`: the process creating it, and whether that process still ran
   * when the record was read. Absent when nobody is creating it (a cancelled
   * creation, a vanished URI: it is built again when next asked for).
   */
  creator?: { pid: number; alive: boolean };
  /** The launch context, once ready. */
  context?: LaunchContext;
}

/**
 * An environment as a table shows it (`listEnvironmentSummaries`): what
 * `EnvironmentRecord` has, less the document, config, URIs, error, creator and
 * launch context; its field names instead of the document (never a value) and
 * the number of its live references instead of the list.
 */
export interface EnvironmentSummary {
  id: string;
  /** The document's field names, in its order (`Object.keys(record.runtimeEnv)`). */
  fields: string[];
  state: EnvironmentState;
  sizeBytes: number;
  /** Live references (lapsed ones are not counted, as `EnvironmentRecord.references` leaves them out). */
  references: number;
  pinned: boolean;
  createdAt: string;
  lastUsedAt: string;
  creationMs: number | null;
}

/** The `config` field of a runtime_env, owned by the core. */
/** A document after validation: its normalized fields and its `config`. */
export interface ValidatedRuntimeEnv {
  /** Every present field, normalized by its owner's schema; `config` is not in it. */
  runtimeEnv: NormalizedRuntimeEnv;
  /** The document's `config` with Ray's defaults filled in, or the defaults when it had none. */
  config: RuntimeEnvConfig;
  /** Whether the document named `config`: Ray's normalized form carries it only then. */
  configGiven: boolean;
}

export interface RuntimeEnvConfig {
  setup_timeout_seconds: number;
  eager_install: boolean;
  log_files: string[];
}

export interface ResolvedEnvironment {
  id: string;
  runtimeEnv: NormalizedRuntimeEnv;
  config: RuntimeEnvConfig;
  /** Each URI with the field that needs it and the key its plugin's `hash` gave. */
  uris: { plugin: string; uri: string; key: string }[];
  /** Fields whose `hash` said its keys come from the spec alone (`HashResult.fromSpecAlone`). */
  fieldsFromSpecAlone?: readonly string[];
}

export interface EnvironmentHandle {
  id: string;
  context: LaunchContext;
  record: EnvironmentRecord;
  /** True when nothing had to be created for this call. */
  cached: boolean;
  /**
   * True when this call waited on a creation that another call in this process had
   * already started: `cached` is false, yet this call created nothing itself.
   */
  joined: boolean;
  /**
   * How long the creation took, in ms, when this process created the environment
   * (this call or one it joined); null when it was created elsewhere (another
   * process, an earlier run). Unlike `record.creationMs`, reading it costs nothing:
   * `record` is built from the database on first read.
   */
  creationMs: number | null;
}

export interface GetOrCreateOptions {
  owner: string;
  /** The reference lapses after this many seconds unless renewed. */
  leaseSeconds?: number;
  /** The reference lapses when this local process is gone (the CLI passes its own pid). */
  pid?: number;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Try again even if this environment failed a moment ago with the same inputs
   * (a failure is otherwise replayed for `failureTtlSeconds`, saying so).
   */
  retry?: boolean;
}

export interface ProgressEvent extends ProgressUpdate {
  environmentId: string;
  plugin: string;
  uri?: string;
  /** ISO time. */
  at: string;
  /** `started`, `progress`, `retrying`, `ready`, `failed`: what kind of step this is. */
  kind: 'started' | 'progress' | 'retrying' | 'ready' | 'failed';
}

export interface GcCandidate {
  uri: string;
  plugin: string;
  sizeBytes: number;
  lastUsedAt: string;
  reason: 'over-budget' | 'plugin-over-budget' | 'unreferenced' | 'failed';
}

export interface GcReport {
  dryRun: boolean;
  removed: GcCandidate[];
  bytesFreed: number;
  environmentsRemoved: string[];
}

export interface Budgets {
  /** Node-wide bytes for all URIs; unreferenced URIs beyond it are evicted LRU first. */
  totalBytes?: number;
  /** Per-plugin byte budgets, keyed by plugin name. */
  perPluginBytes?: Record<string, number>;
}

export interface ManagerOptions {
  dataDirectory: string;
  plugins: readonly LoadedPlugin[];
  budgets?: Budgets;
  /** Simultaneous URI creations; default: the CPU count. */
  maxConcurrentCreations?: number;
  /** How long a failed environment is remembered before a new attempt is made; default 600. */
  failureTtlSeconds?: number;
  /** Attempts for transient failures, including the first; default 4 (3 retries). */
  maxAttempts?: number;
  /** First retry delay; doubles each time. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Structured log sink; default: nothing. */
  log?: (entry: JsonObject) => void;
  /**
   * Turns on recording for the fast path (`@runtime-env/core/fast-path`): each
   * `getOrCreate` whose document alone decides the environment (every field's
   * keys come from its spec alone, or are re-checkable by its package's launch module) records raw
   * document → environment under `scope`, with `loadedFiles` (the config and
   * plugin files this process loaded, as `LoadedConfig.loadedFiles` gives them).
   * The fast path serves the record only while those files are unchanged.
   * `scope` names what else decides a document's meaning for the caller (its
   * config file's path, its working directory, its own version). Without this
   * option nothing is recorded.
   */
  fastPath?: { scope: string; loadedFiles: readonly LoadedFile[] };
}

/**
 * The core's per-node engine. Created with `openRuntimeEnvManager(options)`;
 * one per data directory per process (other processes on the same data directory
 * coordinate through the database).
 */
export interface RuntimeEnvManager {
  readonly dataDirectory: string;
  readonly plugins: readonly LoadedPlugin[];

  /**
   * Checks and normalizes a document; throws `ValidationError` listing every issue.
   * Relative local paths resolve against `baseDirectory` (`null` refuses them),
   * by default this process's working directory.
   */
  validate(document: unknown, options?: { baseDirectory?: string | null }): ValidatedRuntimeEnv;
  /**
   * The normalized document as Ray would print it (see `normalizedDocumentOf`), local
   * paths absolute against `baseDirectory`: frozen, and the same object for the same
   * input, which `getOrCreate` then finds without serializing it again.
   */
  normalizedDocument(document: unknown, options?: { baseDirectory?: string | null }): Readonly<Record<string, unknown>>;
  /** Validates, then computes the environment id and every URI (runs `hash` hooks). */
  resolve(document: unknown, signal?: AbortSignal): Promise<ResolvedEnvironment>;
  /** Returns the environment, creating what is missing; adds a reference for `owner`. */
  getOrCreate(document: unknown, options: GetOrCreateOptions): Promise<EnvironmentHandle>;
  /** Drops `owner`'s reference; returns false when there was none (not an error). */
  release(environmentId: string, owner: string): boolean;
  /** Extends a lease; throws `EnvironmentNotFoundError` when the owner holds no reference. */
  renewLease(environmentId: string, owner: string, leaseSeconds: number): void;
  pin(environmentId: string): void;
  unpin(environmentId: string): void;

  getEnvironment(environmentId: string): EnvironmentRecord | undefined;
  /** Full records, oldest first; each parses its document, config and launch context. */
  listEnvironments(filter?: { state?: EnvironmentState; plugin?: string }): EnvironmentRecord[];
  /**
   * The same environments in the same order, as a table row each: one query, no
   * document parsed (10,000 in tens of milliseconds instead of most of a second).
   */
  listEnvironmentSummaries(filter?: { state?: EnvironmentState; plugin?: string }): EnvironmentSummary[];
  listUris(): UriRecord[];
  /** Removes an environment record and its unshared URIs; refuses while referenced unless `force`. */
  remove(environmentId: string, options?: { force?: boolean }): Promise<{ bytesFreed: number }>;
  /** Forgets remembered failures (one environment, or all). */
  clearFailures(environmentId?: string): number;
  /** Evicts per the budgets (and every unreferenced URI with `all`). */
  gc(options?: { dryRun?: boolean; all?: boolean }): Promise<GcReport>;

  /** Subscribes to progress events of every creation; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Starts a process in an environment's context (through the launching plugin if any). */
  launch(
    context: LaunchContext,
    command: readonly string[],
    io: import('@runtime-env/plugin-api').LaunchIo,
  ): Promise<import('@runtime-env/plugin-api').LaunchResult>;
  /** Aborts in-flight creations (they clean up), then closes the database. */
  close(): Promise<void>;
}
