/**
 * # The runtime-env plugin contract, version 2
 *
 * A plugin owns one top-level field of a runtime_env document (`pip`, `env_vars`,
 * `working_dir`...) and turns its value into things on disk and into edits of the
 * launch context. Every hook that acts on the field's value is `hook(spec, ctx)`,
 * `spec` being the field's normalized value. The core calls them in this order:
 *
 * ```text
 *   document ──schema──▶ spec ──validate──▶ (cross-field rules)
 *            ──hash──▶ keys ──(core)──▶ URIs ──create (once per URI per node, cached)──▶ directories
 *            ──modifyContext──▶ LaunchContext ──launch──▶ process
 *   (later)  ──delete──▶ bytes freed, when garbage collection evicts a URI
 *   (each engine start) ──recover──▶ leftovers of dead processes removed
 *   (the engine closes) ──close──▶ what the plugin keeps in this process released
 * ```
 * `recover` and `close` concern the plugin, not a value: they get no spec.
 *
 * ## Identity and URIs
 * The core owns a plugin's identity: the name and version of the npm package it
 * was loaded from (read from that package's package.json). `hash` returns *keys*,
 * strings that name each unit of work from the spec; the core makes each URI
 * `<field>:<package>@<version>/<key>` (see `pluginUri`), so a new version of a
 * package never reuses what an older one built, and `rtenv ls` shows who made what.
 * A URI names one unit, content-addressed: the same URI always means the same bytes.
 * Environments that need the same URI share one copy, counted so it is never
 * deleted while in use. `create` and `delete` get the key back as `ctx.key`.
 *
 * ## What the core guarantees to a plugin
 * - `hash` (and `create` for different URIs) may run concurrently in one process,
 *   as an agent serves many clients: anything a plugin shares between calls (a
 *   cache file, a staging name) must be safe under concurrency.
 * - `create` for one URI runs at most once at a time on a node, in an empty
 *   directory the core made; if it throws, times out, or the process dies, the
 *   directory is removed and the URI is never served.
 * - Every hook call is timed, logged and wrapped: a throw becomes a `PluginError`
 *   naming the plugin and the hook. Throw `SetupFailure.transient(...)` or
 *   `SetupFailure.permanent(...)` from `create` to choose whether it is retried.
 *   A `ValidationError` thrown from `hash` or `create` reaches the caller as it is
 *   (the input was wrong, not the plugin).
 * - `ctx.signal` fires on timeout or cancellation. `config.setup_timeout_seconds`
 *   bounds the whole creation of an environment, retries included. Long work must
 *   watch it, and child processes should be started with `ctx.runProcess`, which
 *   kills the whole process group when the signal fires or the creating process
 *   dies; a creation fails only once those groups are gone.
 *
 * ## What a plugin promises
 * - It writes only inside `ctx.directory` (for `create`) and `ctx.pluginDirectory`.
 * - It never writes to the console: `ctx.logger` goes to the setup log and the
 *   structured log. It never logs the values of `env_vars`.
 * - `hash` is deterministic and its keys cover everything `create` reads from the
 *   document (pip's covers the `env_vars` it installs with): a URI is created once,
 *   then shared by every environment that names it.
 * - `modifyContext` is idempotent: applying it twice gives the same context.
 * - Normalization is idempotent: the schema accepts its own output and returns it
 *   unchanged (merged documents and documents sent to the agent are re-validated).
 *   It adds no defaults the user did not write; defaults apply inside the hooks.
 *   A schema may map a value to `undefined` or `null` to mean "absent" (Ray reads
 *   an empty `working_dir` so): the field is dropped and no hook runs for it.
 * - The schema makes every local path absolute with `resolveLocalPath(path, field)`,
 *   never `path.resolve` or `process.cwd()`: it resolves against the caller's
 *   folder, and refuses when the caller named none (the agent never resolves
 *   against its own working directory).
 *
 * ## The light launch module
 * A package may export `"./launch"`: a module that imports only what launching
 * needs (no schema library, no SDK) and exports `launch` (a `LaunchHook`), and
 * optionally `hash` (a `LaunchModuleHash`). A process that only launches an
 * environment the engine recorded (a cached `rtenv run`) imports it instead of the
 * plugin, with the options the engine parsed after a JSON round trip.
 *
 * The conformance suite in `@runtime-env/testkit` checks these promises.
 */
import type { ZodType } from 'zod';
import type { LaunchContext } from '../launch-context/launch-context.js';
import type { JsonObject } from './json.js';
import type { RunProcess } from './run-process.js';

/** The contract version this core implements; a plugin declares the one it was written for. */
export const PLUGIN_API_VERSION = 2 as const;

/** A runtime_env document after every owned field went through its plugin's schema. */
export type NormalizedRuntimeEnv = Readonly<Record<string, unknown>>;

export interface PluginLogger {
  debug(message: string, fields?: JsonObject): void;
  info(message: string, fields?: JsonObject): void;
  warn(message: string, fields?: JsonObject): void;
  error(message: string, fields?: JsonObject): void;
}

/** One step of progress; the CLI shows the latest per plugin, the agent streams them. */
export interface ProgressUpdate {
  /** A short stable word: `resolving`, `downloading`, `extracting`, `installing`... */
  phase: string;
  message?: string;
  bytesDone?: number;
  bytesTotal?: number;
}

/** What every hook gets. */
export interface PluginHookContext<Options> {
  /** This plugin's own directory, kept across URIs and restarts (for shared caches). */
  readonly pluginDirectory: string;
  /** The node's data directory (read-only use: state belongs to the core). */
  readonly dataDirectory: string;
  readonly logger: PluginLogger;
  /** The plugin's options from the config file, parsed with its `options` schema. */
  readonly options: Options;
  /** Fires on timeout or cancellation. */
  readonly signal: AbortSignal;
}

/** What hooks that act on a spec get besides: the whole normalized document (for companion fields). */
export interface SpecHookContext<Options> extends PluginHookContext<Options> {
  readonly runtimeEnv: NormalizedRuntimeEnv;
}

export interface HashResult {
  /** One key per unit of work, in order; none when there is nothing to create (env_vars). */
  readonly keys: readonly string[];
  /**
   * True when the keys depend on the spec, the options and the package version
   * alone: no file, network, clock or environment variable. The core then reuses
   * them without calling `hash` again, and a cached `rtenv run` may skip the plugin
   * entirely; so say it only when it holds, and keep the schema pure too.
   */
  readonly fromSpecAlone?: boolean;
}

export interface CreateContext<Options> extends SpecHookContext<Options> {
  readonly uri: string;
  /** The key `hash` gave for this URI. */
  readonly key: string;
  /** The empty directory this URI is built in; it is the URI's home until deleted. */
  readonly directory: string;
  progress(update: ProgressUpdate): void;
  readonly runProcess: RunProcess;
}

/** One installed distribution or package, for the environment's lock. */
export interface LockedPackage {
  name: string;
  version: string;
  /** `sha256:<hex>` of the artifact, where known. */
  hash?: string;
  /** Where it came from: an index URL, a conda channel, a file. */
  source?: string;
  /** Conda build string. */
  build?: string;
  /**
   * `base-interpreter`: not installed by the plugin but visible to the environment
   * from the interpreter it is based on (pip's `systemSitePackages`); listed so the
   * lock describes everything the environment imports.
   */
  origin?: 'base-interpreter';
}

export interface CreateResult {
  /** Bytes on disk this URI uses (hardlinked files counted once). */
  sizeBytes: number;
  /** The exact set of packages installed, when the plugin installs packages. */
  lock?: LockedPackage[];
  /** Anything the plugin wants back in `modifyContext` and `delete` (kept in the database). */
  details?: JsonObject;
}

export interface ModifyContextContext<Options> extends SpecHookContext<Options> {
  /** This field's URIs, all ready, in the order of `hash`'s keys. */
  readonly uris: readonly string[];
  /** The launch context to edit in place. */
  readonly context: LaunchContext;
  /** The directory a URI of this plugin was created in. */
  directoryOf(uri: string): string;
  /** What `create` returned as `details` for a URI. */
  detailsOf(uri: string): JsonObject | undefined;
}

export interface DeleteContext<Options> extends PluginHookContext<Options> {
  readonly uri: string;
  readonly key: string;
  /** The URI's directory; the core removes it after `delete` returns. */
  readonly directory: string;
  /** What `create` returned as `details`. */
  readonly details: JsonObject | undefined;
}

export interface LaunchIo {
  stdin: 'inherit' | 'ignore' | NodeJS.ReadableStream;
  stdout: 'inherit' | NodeJS.WritableStream;
  stderr: 'inherit' | NodeJS.WritableStream;
  /** Fires to stop the process; a signal name as reason (`'SIGINT'`) is sent first, then SIGKILL after a grace period. */
  signal?: AbortSignal;
  /** Called once the process (or container) started, with a way to forward the signals the CLI receives. */
  onStarted?(control: LaunchControl): void;
}

export interface LaunchControl {
  /** Sends `signal` to the launched process group (or container). */
  sendSignal(signal: NodeJS.Signals): void;
}

export interface LaunchRequest {
  readonly context: LaunchContext;
  readonly command: readonly string[];
  readonly io: LaunchIo;
}

export interface LaunchResult {
  exitCode: number | null;
  /** The signal that ended the process, by name (`SIGTERM`). */
  signal: string | null;
}

export type LaunchHook<Options = unknown> = (request: LaunchRequest, ctx: PluginHookContext<Options>) => Promise<LaunchResult>;

/**
 * The optional `hash` of a `"./launch"` module: the keys the plugin's own `hash`
 * gives for the same spec and options (`ctx.field` says which field, when the
 * package owns several), or undefined when it cannot tell without the plugin.
 */
export type LaunchModuleHash = (spec: unknown, ctx: PluginHookContext<unknown> & { readonly field: string }) => Promise<HashResult | undefined>;

/**
 * A plugin. `Spec` is the normalized value of the field (the output of `schema`);
 * `Options` the parsed plugin options. Write it with `definePlugin` so both are
 * inferred from the schemas.
 */
export interface RuntimeEnvPlugin<Spec = unknown, Options = unknown> {
  /** Always `2` for this contract; the core refuses any other. */
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** The top-level field this plugin owns, and its name in messages and URIs. */
  readonly name: string;
  /** 0..100, default 10; lower runs first in `create` and `modifyContext` (working_dir uses 5). */
  readonly priority?: number;
  /** One line for `rtenv plugins`. */
  readonly description?: string;
  /**
   * Validates and normalizes the field's value: every shorthand Ray accepts becomes
   * one canonical form, so equal environments hash equally.
   */
  readonly schema: ZodType<Spec>;
  /**
   * Other top-level fields this plugin reads from `ctx.runtimeEnv` (`excludes`),
   * each with its schema: the core checks, normalizes and counts them as known.
   */
  readonly companionFields?: Readonly<Record<string, ZodType>>;
  /**
   * Variables of the creating process's environment that can change what `create`
   * does (`PIP_INDEX_URL`; a trailing `*` matches a prefix). A remembered failure
   * is replayed only while these keep the values they had when it failed.
   */
  readonly readsEnvironmentVariables?: readonly string[];
  /** Schema of this plugin's options in the config file. */
  readonly options?: ZodType<Options>;
  /** Declarative cross-field rules, shown by `rtenv plugins`; `config` is always allowed. */
  readonly rules?: {
    /** Fields that may not appear in the same document (pip, uv and conda exclude each other). */
    readonly conflictsWith?: readonly string[];
    /** When set, the only other fields allowed (Ray lets `image_uri` stand only with `env_vars`). */
    readonly onlyAlongside?: readonly string[];
  };
  /**
   * Lock entries formatted for `rtenv lock`; without it the core prints `name==version`
   * lines. `format` is what `rtenv lock --format` asked for (pip: `pylock`), undefined
   * for the plugin's default; throw an Error naming the known formats for any other.
   */
  formatLock?(lock: readonly LockedPackage[], format?: string): string;

  /**
   * Combines a parent's spec (a job's) with a child's (a task's); a pure function.
   * Without it the child's value replaces the parent's, Ray's rule for every field
   * but `env_vars` (merged per key).
   */
  merge?(parent: Spec, child: Spec): Spec;

  /** Cross-field checks that `rules` cannot express. Throw `ValidationError` to reject. */
  validate?(spec: Spec, ctx: SpecHookContext<Options>): void;
  /** The keys of the units this spec needs. May read files or the network (a requirements file, a git branch). */
  hash(spec: Spec, ctx: SpecHookContext<Options>): HashResult | Promise<HashResult>;
  /** Builds one URI in `ctx.directory`. */
  create?(spec: Spec, ctx: CreateContext<Options>): Promise<CreateResult>;
  /** Edits `ctx.context` for this field, given its URIs (all ready). */
  modifyContext?(spec: Spec, ctx: ModifyContextContext<Options>): void | Promise<void>;
  /**
   * Frees what `create` made outside `ctx.directory` (a Docker image) and returns
   * the bytes freed; `spec` is the one the URI was created from. The core removes
   * the directory itself afterwards, and counts it when this hook is absent. It
   * never deletes what other nodes may use (a shared bucket).
   */
  delete?(spec: Spec, ctx: DeleteContext<Options>): Promise<number>;
  /**
   * Once each time an engine opens the data directory: removes what this plugin's
   * dead processes left outside URI directories, keeping what live ones write
   * (processes share a data directory). Keep it cheap; a throw is only logged.
   */
  recover?(ctx: PluginHookContext<Options>): Promise<void>;
  /**
   * Once when the engine closes, awaited: releases what the plugin holds in this
   * process (containers kept for later launches). `ctx.signal` never fires; a
   * throw is only logged.
   */
  close?(ctx: PluginHookContext<Options>): Promise<void>;
  /** Starts a process its own way (in a container), when `context.launcher` names this plugin. */
  launch?: LaunchHook<Options>;
}

/** A plugin of any spec and options, as the core holds them. */
// biome-ignore lint/suspicious/noExplicitAny: the core holds plugins of every spec and options type
export type AnyRuntimeEnvPlugin = RuntimeEnvPlugin<any, any>;
