import type { Budgets, RuntimeEnvManager } from '@runtime-env/core';
import type { JsonLineLogger } from './logging/json-line-logger.js';

export interface AgentServerOptions {
  manager: RuntimeEnvManager;
  /** Default `127.0.0.1`. Any non-loopback address requires `token`. */
  host?: string;
  /** Default 0: the system picks a free port (the agent reports the one it got). */
  port?: number;
  /** Required off loopback; when set, every route but `/healthz` requires it. */
  token?: string;
  /** Largest request body accepted, default 1 MiB. */
  maxBodyBytes?: number;
  /** On shutdown, how long in-flight creations may finish before they are aborted; default 30 s. */
  shutdownGraceSeconds?: number;
  /** Runs garbage collection (per the budgets) this often; 0 turns it off. Default 300. */
  gcIntervalSeconds?: number;
  logger?: JsonLineLogger;
  /** The config's budgets, which the dashboard shows against what is used; the manager enforces them. */
  budgets?: Budgets;
  /** The folder of the dashboard's built files; `false` serves no dashboard. Default: `@runtime-env/dashboard`'s. */
  dashboardDirectory?: string | false;
  /** Reported by `/healthz`. */
  version?: string;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;
export const DEFAULT_GC_INTERVAL_SECONDS = 300;
