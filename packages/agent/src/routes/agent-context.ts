import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Budgets, RuntimeEnvManager } from '@runtime-env/core';
import type { DashboardAssets } from '../dashboard/dashboard-assets.js';
import type { CachedDirectorySizes } from '../disk/directory-size.js';
import type { EnvironmentFeed } from '../live/environment-feed.js';
import type { CreationCoordinator } from '../creation/creation-coordinator.js';
import type { JsonLineLogger } from '../logging/json-line-logger.js';
import type { AgentMetrics } from '../metrics/agent-metrics.js';
import type { ProgressHub } from '../progress/progress-hub.js';

/** What every route handler shares: one per running agent. */
export interface AgentContext {
  readonly manager: RuntimeEnvManager;
  readonly coordinator: CreationCoordinator;
  readonly progress: ProgressHub;
  readonly metrics: AgentMetrics;
  readonly logger: JsonLineLogger;
  readonly maxBodyBytes: number;
  readonly version: string;
  readonly startedAt: number;
  /** Aborted when the agent shuts down, so long answers (SSE) end. */
  readonly stopping: AbortSignal;
  /** The environments table followed live (`/v1/events`). */
  readonly feed: EnvironmentFeed;
  /** The config's budgets, shown against what is used (`/v1/disk`). */
  readonly budgets: Budgets;
  readonly directorySizes: CachedDirectorySizes;
  /** The dashboard's files; absent when it is turned off. */
  readonly dashboard: DashboardAssets | undefined;
  readonly access: { loopback: boolean; tokenConfigured: boolean };
  /** Runs a garbage collection and records its evictions in the metrics. */
  collectGarbage(options: { dryRun?: boolean; all?: boolean }): ReturnType<RuntimeEnvManager['gc']>;
}

/** One request being answered. */
export interface RequestScope {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly requestId: string;
  /** The path's segments after `/v1/envs/`: `[id]`, `[id, 'events']`, `[id, 'references', owner]`. */
  readonly segments: readonly string[];
  /** The raw query string without `?`, or empty. */
  readonly query: string;
}

export type RouteHandler = (scope: RequestScope, agent: AgentContext) => Promise<void> | void;
