import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuntimeEnvManager } from '@runtime-env/core';
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
