// The answers of the agent's endpoints that exist for the dashboard (`/v1/events`,
// `/v1/agent`, `/v1/disk`): one definition, used by the agent that sends them and
// by the page that reads them.

/**
 * One line of the environments table: what `rtenv ls` shows, with only the
 * document's field names (no values), so a row can never carry a secret.
 */
export interface EnvironmentRow {
  id: string;
  state: string;
  fields: string[];
  sizeBytes: number;
  references: number;
  pinned: boolean;
  createdAt: string;
  lastUsedAt: string;
  creationMs: number | null;
}

/** A creation's step as `/v1/events` streams it: numbers only, no free text. */
export interface ProgressStep {
  environmentId: string;
  plugin: string;
  at: string;
  kind: 'started' | 'progress' | 'retrying' | 'ready' | 'failed';
  phase: string;
  bytesDone?: number;
  bytesTotal?: number;
}

export interface AgentInfoResponse {
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  nodeVersion: string;
  /** Whether the agent listens on loopback only, and whether it was started with a token (never the token). */
  access: { loopback: boolean; tokenConfigured: boolean };
  /** Each plugin: the field it owns, its package and that package's version (part of every URI it makes), and its config entry. */
  plugins: { name: string; package: string; version: string; source: string }[];
  inFlightCreations: number;
  /** `runtime_env_agent_requests_total`, as `/metrics` counts it. */
  requests: { route: string; status: string; count: number }[];
  /** `runtime_env_agent_request_seconds` `_count` and `_sum`, per route. */
  latency: { route: string; count: number; sumSeconds: number }[];
  /** Dashboards following `/v1/events` now. */
  followers: number;
}

export interface PluginDisk {
  plugin: string;
  /** Bytes of the plugin's ready URIs. */
  usedBytes: number;
  uris: number;
  /** The plugin's budget from the config (`budgets.perPlugin`), when it has one. */
  budgetBytes?: number;
}

export interface SharedStoreDisk {
  plugin: string;
  /** The plugin's folder kept across URIs (`ctx.pluginDirectory`): a download cache, a package store. */
  path: string;
  bytes: number;
}

export interface DiskResponse {
  usedBytes: number;
  /** `budgets.totalBytes`, when the config sets it. */
  budgetBytes?: number;
  plugins: PluginDisk[];
  sharedStores: SharedStoreDisk[];
}
