/**
 * The agent's HTTP API, version 1, as JSON bodies. The agent builds its responses
 * from these types and the client reads them, so the two cannot drift apart.
 *
 * Defined here, not borrowed from the engine, so the client loads no engine; the
 * agent's tests check at type level that what the engine hands it fits them
 * (`packages/agent/test/wire-types-match.test.ts`).
 */
import type { FailureClass, JsonObject, LaunchContext, LockedPackage } from '@runtime-env/plugin-api';

export const API_PREFIX = '/v1';

export type EnvironmentState = 'creating' | 'ready' | 'failed';

/** Who holds an environment, and until when. */
export interface Reference {
  owner: string;
  /** ISO time after which the reference lapses unless renewed; absent: held until released. */
  expiresAt?: string;
  /** A process on the agent's node holding the reference; it lapses when that process is gone. */
  pid?: number;
}

/** The `config` field of a runtime_env, with Ray's defaults filled in. */
export interface RuntimeEnvConfig {
  setup_timeout_seconds: number;
  eager_install: boolean;
  log_files: string[];
}

/** One URI a collection removed (or would remove, on a dry run), and why. */
export interface GcCandidate {
  uri: string;
  plugin: string;
  sizeBytes: number;
  lastUsedAt: string;
  reason: 'over-budget' | 'plugin-over-budget' | 'unreferenced' | 'failed';
}

/** Body of `POST /v1/envs`. */
export interface CreateEnvironmentRequest {
  /** The runtime_env document, as a user writes it (`{"pip": ["requests"], "env_vars": {...}}`). */
  runtimeEnv: JsonObject;
  /** Who holds the reference: a job, worker or client id. */
  owner: string;
  /** The reference lapses after this many seconds unless renewed; held until released when absent. */
  leaseSeconds?: number;
  /** Wait until the environment is ready (default), or answer 202 at once and let the caller follow `/events`. */
  wait?: boolean;
  /**
   * The caller starts the command itself and cannot run a launcher plugin (a
   * container): the agent refuses such a document with 400 `launcher_not_local`
   * before creating anything.
   */
  refuseLauncher?: boolean;
  /**
   * The absolute folder relative local paths in `runtimeEnv` resolve against (the
   * agent never uses its own). `AgentClient` sends the caller's working directory
   * when this is absent; without it the agent refuses relative paths with a 400.
   */
  baseDirectory?: string;
  /**
   * Try again even if the same environment failed a moment ago with the same inputs;
   * otherwise that failure is answered at once, marked as a cached failure.
   */
  retry?: boolean;
}

export interface UriView {
  plugin: string;
  uri: string;
  state?: string;
  sizeBytes?: number;
  creationMs?: number | null;
  lock?: LockedPackage[];
}

export interface EnvironmentErrorView {
  code: string;
  message: string;
  plugin?: string;
  hook?: string;
  failureClass?: FailureClass;
  failedAt: string;
  /** What to do about it: the hint the failing error carried (a plugin's own), when it had one. */
  hint?: string;
}

/** One environment as the agent shows it. `env_vars` values are replaced by `***`. */
export interface EnvironmentView {
  id: string;
  state: EnvironmentState;
  runtimeEnv: JsonObject;
  config: RuntimeEnvConfig;
  uris: UriView[];
  references: Reference[];
  pinned: boolean;
  createdAt: string;
  lastUsedAt: string;
  creationMs: number | null;
  sizeBytes: number;
  setupLogPath: string;
  error?: EnvironmentErrorView;
}

/** What a create answer says about the environment; `GET /v1/envs/{id}` has the rest. */
export type EnvironmentSummary = Pick<EnvironmentView, 'id' | 'state'>;

/**
 * `POST /v1/envs` answered 200: the environment is ready. Kept small on purpose:
 * this is the hot path (a cached answer is one lookup and one reference write).
 */
export interface ReadyEnvironmentResponse {
  environment: EnvironmentSummary;
  /** How to launch a process in it; the only place `env_vars` values are returned. */
  context: LaunchContext;
  /** True when nothing had to be created for this call. */
  cached: boolean;
}

/** `POST /v1/envs` with `wait: false` answered 202: creation goes on; follow `eventsPath`. */
export interface PendingEnvironmentResponse {
  environment: EnvironmentSummary;
  eventsPath: string;
}

export interface ListEnvironmentsQuery {
  state?: EnvironmentState;
  plugin?: string;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface ListEnvironmentsResponse {
  items: EnvironmentView[];
  /** Environments matching the filter, on all pages. */
  total: number;
  nextCursor?: string;
}

export interface ReleaseResponse {
  /** False when the owner held no reference (not an error). */
  released: boolean;
}

export interface RenewLeaseRequest {
  leaseSeconds: number;
}

export interface GcRequest {
  dryRun?: boolean;
  /** Also evict every unreferenced URI, not only what the budgets require. */
  all?: boolean;
}

export interface GcResponse {
  dryRun: boolean;
  removed: GcCandidate[];
  bytesFreed: number;
  environmentsRemoved: string[];
}

export interface RemoveResponse {
  bytesFreed: number;
}

export interface PrewarmRequest {
  environments: JsonObject[];
  /** The owner named in logs and events; prewarmed environments are pinned, not referenced. */
  owner?: string;
}

export interface PrewarmResult {
  index: number;
  id?: string;
  state: EnvironmentState;
  cached?: boolean;
  error?: ErrorBody['error'];
}

export interface PrewarmResponse {
  results: PrewarmResult[];
}

export interface HealthResponse {
  status: 'ok' | 'draining';
  version: string;
  uptimeSeconds: number;
  inFlightCreations: number;
}

/** What every 4xx/5xx carries. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** For `invalid_request` and `invalid_runtime_env`: each problem with its path. */
    issues?: { code: string; path: string; plugin?: string; message: string }[];
    plugin?: string;
    hook?: string;
    failureClass?: FailureClass;
    environmentId?: string;
    /** What to do about it, when rtenv knows. */
    hint?: string;
    requestId?: string;
  };
}

/** One Server-Sent Event of `GET /v1/envs/{id}/events`. */
export type EnvironmentStreamEvent =
  | { type: 'progress'; data: ProgressEventView }
  | { type: 'state'; data: { id: string; state: EnvironmentState; error?: EnvironmentErrorView } };

export interface ProgressEventView {
  environmentId: string;
  plugin: string;
  uri?: string;
  at: string;
  kind: 'started' | 'progress' | 'retrying' | 'ready' | 'failed';
  phase: string;
  message?: string;
  bytesDone?: number;
  bytesTotal?: number;
}
