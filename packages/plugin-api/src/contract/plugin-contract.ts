/**
 * # The runtime-env plugin contract, version 1
 *
 * A plugin owns one top-level field of a runtime_env document (`pip`, `env_vars`,
 * `working_dir`...) and turns its value into things on disk and into edits of the
 * launch context. The core calls its hooks in this order:
 *
 * ```text
 *   document ──schema──▶ normalized spec ──validate──▶ (cross-field rules)
 *            ──hash──▶ URIs ──create (once per URI per node, cached)──▶ directories
 *            ──modifyContext──▶ LaunchContext ──launch──▶ process
 *   (later)  ──delete──▶ bytes freed, when garbage collection evicts a URI
 *   (each engine start) ──recover──▶ leftovers of dead processes removed
 *   (the engine closes) ──close──▶ what the plugin keeps in this process released
 * ```
 *
 * ## URIs
 * A URI names one cacheable unit of work, content-addressed: the same URI must
 * always mean the same bytes. Two environments that need the same URI share one
 * copy, and the core counts references per URI so it never deletes one in use.
 * A URI should start with the plugin name (`pip://<sha256>`) so a human reading
 * `rtenv ls` knows where it came from; the core does not parse it.
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
 * - `ctx.signal` fires on timeout or cancellation. `config.setup_timeout_seconds`
 *   bounds the whole creation of an environment, retries included (Ray bounds
 *   each attempt, so a flaky index can multiply its wait by the retry count).
 *   Long work must watch it, and child processes should be started with
 *   `ctx.runProcess`, which kills the whole process group when the signal fires
 *   or the creating process dies; a creation fails only once those groups are gone.
 * - A `ValidationError` thrown from `hash` or `create` reaches the caller as it is
 *   (the input was wrong, not the plugin); anything else becomes a `PluginError`.
 *
 * ## What a plugin promises
 * - It writes only inside `ctx.directory` (for `create`) and `ctx.pluginDirectory`.
 * - It never writes to the console: `ctx.logger` goes to the setup log and the
 *   structured log. It never logs the values of `env_vars`.
 * - `hash` is deterministic and covers the plugin's version (`ctx.pluginVersion`),
 *   so a new plugin version never reuses what an old one built. It covers
 *   everything `create` reads from the document (pip's URI covers the `env_vars`
 *   it installs with), because a URI is created once and then shared by every
 *   environment that names it.
 * - `modifyContext` is idempotent: applying it twice gives the same context.
 * - Normalization is idempotent: the schema accepts its own output and returns it
 *   unchanged (merged documents and documents sent to the agent are re-validated).
 *   It adds no defaults the user did not write; defaults apply inside the hooks.
 *   A schema may map a value to `undefined` to mean "absent" (Ray reads an empty
 *   `working_dir` so): the field is dropped and no hook runs for it.
 * - The schema makes every local path absolute with `resolveLocalPath(path, field)`
 *   (from `@runtime-env/plugin-api`), never `path.resolve` or `process.cwd()`: it
 *   resolves against the caller's folder, and throws the agent's refusal when the
 *   caller named none (the agent never resolves against its own working directory).
 *
 * The conformance suite in `@runtime-env/testkit` checks these promises.
 */
import type { ZodType } from 'zod';
import type { LaunchContext } from '../launch-context/launch-context.js';
import type { JsonObject, JsonValue } from './json.js';

/** The contract version this core implements. A plugin declares the one it was written for. */
export const PLUGIN_API_VERSION = 1 as const;

/** A runtime_env document after every owned field went through its plugin's schema. */
export type NormalizedRuntimeEnv = Readonly<Record<string, unknown>>;

/**
 * Declarative cross-field rules, checked by the core before `validate` runs. They
 * are data (not code) so `rtenv plugins` can show them and the core can name both
 * fields in the error.
 */
export interface FieldRules {
  /** Fields that may not appear in the same document as this one (pip, uv and conda exclude each other). */
  readonly conflictsWith?: readonly string[];
  /**
   * When set, the only other fields allowed next to this one; `config` is always
   * allowed (Ray lets `image_uri` stand only with `env_vars` and `config`).
   */
  readonly onlyAlongside?: readonly string[];
}

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

export type ProgressReporter = (update: ProgressUpdate) => void;

export interface RunProcessOptions {
  cwd?: string;
  /**
   * The complete environment of the child: the core does not merge `process.env`
   * into it. When absent, the child inherits `process.env`.
   */
  env?: Record<string, string | undefined>;
  /** Each line of stdout and stderr, after it was written to the setup log. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Text written to the child's stdin, which is closed afterwards. */
  input?: string;
  /**
   * Variable values to mask as `***` in the setup log (for example the values of
   * `env_vars` passed to pip). The core always masks the runtime_env's `env_vars`.
   */
  secrets?: readonly string[];
}

export interface RunProcessResult {
  exitCode: number | null;
  signal: string | null;
  /** The last lines of combined output, for error messages. */
  outputTail: string[];
}

/**
 * Runs a child in its own process group. When `ctx.signal` fires the group is
 * killed (SIGTERM, then SIGKILL) and the call settles only once no member runs;
 * when the creating process dies, even by SIGKILL, a watchdog kills the group.
 * The child's environment carries `RTENV_SETUP_CREATOR` (its creator's pid and
 * start time), by which a later engine finds and kills what outlived a dead creator.
 */
export type RunProcess = (file: string, args: readonly string[], options?: RunProcessOptions) => Promise<RunProcessResult>;

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
  /**
   * The version of the plugin being called, to mix into URIs. Prefer it to a
   * module constant: a copy of the plugin with another version (as the conformance
   * suite makes) must hash differently, and hooks may be called unbound.
   */
  readonly pluginVersion: string;
}

export interface ValidateContext<Options> extends PluginHookContext<Options> {}

export interface HashContext<Options> extends PluginHookContext<Options> {
  /** The whole normalized document (for companion fields such as `excludes`). */
  readonly runtimeEnv: NormalizedRuntimeEnv;
}

export interface CreateContext<Options> extends PluginHookContext<Options> {
  /** The empty directory this URI is built in; it is the URI's home until deleted. */
  readonly directory: string;
  readonly runtimeEnv: NormalizedRuntimeEnv;
  readonly progress: ProgressReporter;
  readonly runProcess: RunProcess;
}

export interface ModifyContextContext<Options> extends PluginHookContext<Options> {
  readonly runtimeEnv: NormalizedRuntimeEnv;
  /** The directory a URI of this plugin was created in. */
  directoryOf(uri: string): string;
  /** What `create` returned as `details` for a URI. */
  detailsOf(uri: string): JsonObject | undefined;
}

export interface DeleteContext<Options> extends PluginHookContext<Options> {
  /** The URI's directory; the core removes it after `delete` returns. */
  readonly directory: string;
  /** What `create` returned as `details`. */
  readonly details: JsonObject | undefined;
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

export interface LaunchIo {
  stdin: 'inherit' | 'ignore' | NodeJS.ReadableStream;
  stdout: 'inherit' | NodeJS.WritableStream;
  stderr: 'inherit' | NodeJS.WritableStream;
  /**
   * Fires to stop the process. When its reason is a signal name (`'SIGINT'`), that
   * signal is sent first; the process gets a grace period, then SIGKILL.
   */
  signal?: AbortSignal;
  /**
   * Called once the process (or container) has started, with a handle to signal it:
   * the CLI forwards each SIGINT/SIGTERM/SIGHUP it receives, so an interactive
   * program survives several Ctrl-C as it would without rtenv.
   */
  onStarted?(control: LaunchControl): void;
}

export interface LaunchControl {
  /** Sends `signal` to the launched process group (or container). */
  sendSignal(signal: NodeJS.Signals): void;
}

export interface LaunchResult {
  exitCode: number | null;
  /** The signal that ended the process, by name (`SIGTERM`). */
  signal: string | null;
}

/** The launch-hook half of a launch module (`RuntimeEnvPlugin.launchModule`): `export const launch: LaunchModuleLaunch`. */
export type LaunchModuleLaunch = (context: LaunchContext, command: readonly string[], io: LaunchIo, ctx: PluginHookContext<unknown>) => Promise<LaunchResult>;

/**
 * The hash half (`RuntimeEnvPlugin.launchModuleHashes`): `export const hash: LaunchModuleHash`.
 * `field` names which plugin is asked when one module serves several. The URIs
 * must equal the plugin's own for the same normalized spec, options and version
 * (`ctx.pluginVersion`); undefined means "ask the plugin".
 */
export type LaunchModuleHash = (field: string, spec: unknown, ctx: PluginHookContext<unknown>) => Promise<readonly string[] | undefined>;

/**
 * A plugin. `Spec` is the normalized value of the field (the output of `schema`);
 * `Options` the parsed plugin options. Write it with `definePlugin` so both are
 * inferred from the schemas.
 */
export interface RuntimeEnvPlugin<Spec = unknown, Options = unknown> {
  /** Always `1` for this contract. The core refuses plugins with another value. */
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** The top-level field this plugin owns; also its name everywhere. */
  readonly name: string;
  /** The plugin's version; it is mixed into every URI the plugin makes. */
  readonly version: string;
  /** 0..100, default 10; lower runs first in `create` and `modifyContext` (working_dir uses 5). */
  readonly priority?: number;
  /** One line for `rtenv plugins`. */
  readonly description?: string;
  /**
   * Validates and normalizes the field's value: every shorthand Ray accepts becomes
   * one canonical form, so equal environments hash equally. An output of `undefined`
   * or `null` drops the field from the document, as Ray's validators do for an empty
   * pip list or empty `env_vars`.
   */
  readonly schema: ZodType<Spec>;
  /**
   * Other top-level fields this plugin reads from the document (`excludes`,
   * `git_branch`), each with its schema. The core checks and normalizes them, and
   * counts them as known fields; the plugin reads them from `ctx.runtimeEnv`.
   */
  readonly companionFields?: Readonly<Record<string, ZodType>>;
  /**
   * Variables of the creating process's environment that can change what `create`
   * does (pip's child inherits them: `PIP_INDEX_URL`); a trailing `*` matches a
   * prefix (`PIP_*`). A failed creation is remembered for a while and thrown again
   * without trying, but only while the document, its `config` and these variables'
   * values are what they were when it failed: a user who follows the hint is never
   * answered with the old failure.
   */
  readonly readsEnvironmentVariables?: readonly string[];
  /** Schema of this plugin's options in the config file. */
  readonly options?: ZodType<Options>;
  readonly rules?: FieldRules;
  /**
   * For a plugin with `launch`: the URL of a module (`new URL('./launch-only.js',
   * import.meta.url).href`) exporting a `launch` function that behaves as the hook
   * and imports only what launching needs (no schema library, no SDK). A process
   * that only launches an environment the engine recorded (a cached `rtenv run`)
   * imports it instead of the plugin, and passes as `ctx.options` the options the
   * engine's `options` schema produced when it recorded the environment, after a
   * JSON round trip (options that do not survive one make it import the plugin).
   */
  readonly launchModule?: string;
  /**
   * With `launchModule`: true when that module also exports a `hash` function
   * (`LaunchModuleHash`) giving the URIs this plugin's `hash` gives for a
   * normalized spec, or undefined when it cannot tell without the plugin. A
   * document with a field whose hash is not pure (an image tag) can then be
   * served without the plugin too: the light process re-checks that field's URIs
   * and takes the recorded environment only when they are the same.
   */
  readonly launchModuleHashes?: boolean;
  /**
   * Lock entries formatted for `rtenv lock` (pip prints a requirements file).
   * Without it, the core prints `name==version` lines. `format` is what
   * `rtenv lock --format` asked for (pip: `pylock`), undefined for the plugin's
   * own default; throw an Error naming the formats known for any other.
   */
  formatLock?(lock: readonly LockedPackage[], format?: string): string;

  /**
   * Combines a parent's value (a job's) with a child's (a task's), both normalized.
   * Without it the child's value replaces the parent's wholesale, which is Ray's rule
   * for every field but `env_vars` (merged per key, the child winning).
   */
  merge?(parentSpec: Spec, childSpec: Spec): Spec;

  /** Cross-field checks that `rules` cannot express. Throw `ValidationError` to reject. */
  validate?(spec: Spec, runtimeEnv: NormalizedRuntimeEnv, ctx: ValidateContext<Options>): void;
  /**
   * The URIs this field needs, content-addressed. An empty list means there is
   * nothing to create (env_vars). May read files or the network (a requirements
   * file, a git branch), which is why it is async and gets a signal.
   */
  hash(spec: Spec, ctx: HashContext<Options>): readonly string[] | Promise<readonly string[]>;
  /**
   * Return `true` when `hash` depends on nothing but `spec` and `version` (no files,
   * no network). The core then remembers the URIs in memory and skips `hash` on
   * the cached path. Absent means "not pure". It also lets a cached `rtenv run` of
   * a document whose every field is pure skip validation and the plugins entirely
   * (the document memo), so say `true` only when it holds, and keep the schema
   * pure too: normalization must not read files, the clock or the environment.
   */
  isHashPure?(spec: Spec): boolean;
  /** Builds one URI in `ctx.directory`. Returns its size, or a `CreateResult`. */
  create?(uri: string, spec: Spec, ctx: CreateContext<Options>): Promise<number | CreateResult>;
  /** Edits the launch context for this field, given the field's URIs (all ready). */
  modifyContext?(uris: readonly string[], spec: Spec, context: LaunchContext, ctx: ModifyContextContext<Options>): void | Promise<void>;
  /**
   * Frees what `create` made outside `ctx.directory` (a Docker image, say) and
   * returns the bytes freed. The core removes the directory itself afterwards and
   * counts it when this hook is absent. It may also free what `hash` made for this
   * URI once no other URI of the plugin needs it (the working_dir plugin removes a
   * package from its node's own store with the last URI made from it); it never
   * deletes what other nodes may use (a shared bucket).
   */
  delete?(uri: string, ctx: DeleteContext<Options>): Promise<number>;
  /**
   * Called once each time an engine opens the data directory (every `rtenv`
   * command that opens it, every agent start), after the core removed what dead
   * processes left in URI directories. Removes what this plugin's own dead
   * processes left elsewhere (a half-written file in a staging folder), and must
   * keep what a live process is still writing: several processes share a data
   * directory. Keep it cheap (a directory listing), as every start pays for it.
   * A throw is logged and does not stop the engine from opening.
   */
  recover?(ctx: PluginHookContext<Options>): Promise<void>;
  /**
   * Called once when the engine closes (an agent stops, a command ends), after
   * creations were aborted and before the database closes, and awaited: releases
   * what the plugin keeps in this process between calls and that must not outlive
   * it (started processes or containers held for later launches). It must leave
   * alone what other processes use. `ctx.signal` never fires. A throw is logged
   * and does not stop the engine from closing.
   */
  close?(ctx: PluginHookContext<Options>): Promise<void>;
  /** Starts a process its own way (in a container). Named by `context.launcher`. */
  launch?(context: LaunchContext, command: readonly string[], io: LaunchIo, ctx: PluginHookContext<Options>): Promise<LaunchResult>;
}

/** A plugin of any spec and options, as the core holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRuntimeEnvPlugin = RuntimeEnvPlugin<any, any>;

export type { JsonObject, JsonValue };
