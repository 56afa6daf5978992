import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { RuntimeEnvError } from '@runtime-env/core';
import { DEFAULT_GC_INTERVAL_SECONDS, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE_SECONDS, type AgentServerOptions } from './agent-server-options.js';
import { createBearerTokenCheck } from './auth/bearer-token-check.js';
import { isLoopbackHost, isLoopbackHostHeader } from './auth/loopback-address.js';
import { accessFor } from './auth/access-rule.js';
import { DashboardAssets } from './dashboard/dashboard-assets.js';
import { dashboardDirectory } from '@runtime-env/dashboard';
import { CachedDirectorySizes } from './disk/directory-size.js';
import { EnvironmentFeed } from './live/environment-feed.js';
import { CreationCoordinator } from './creation/creation-coordinator.js';
import { errorResponse } from './http/error-response.js';
import { HttpError } from './http/http-error.js';
import { sendJson } from './http/respond.js';
import { matchRoute, type MatchedRoute } from './http/route-table.js';
import { silentLogger } from './logging/json-line-logger.js';
import { AgentMetrics } from './metrics/agent-metrics.js';
import { ProgressHub } from './progress/progress-hub.js';
import type { AgentContext, RequestScope } from './routes/agent-context.js';

export interface RunningAgent {
  /** `http://127.0.0.1:7071`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly context: AgentContext;
  /**
   * Stops accepting, lets in-flight creations finish within the grace period,
   * aborts the rest (the core cleans what they half-built), then closes the
   * connections. The manager is left open: whoever opened it closes it.
   */
  stop(reason?: string): Promise<void>;
}

/** An agent refuses to start, for a reason the operator must fix. */
export class AgentStartError extends RuntimeEnvError {
  constructor(message: string, hint: string) {
    super('agent_start_refused', message, { hint });
  }
}

/** Walking the shared stores (package caches) is not free: their sizes are measured at most this often. */
const SHARED_STORE_SIZE_MAX_AGE_MS = 30_000;
const readMethods = new Set(['GET', 'HEAD']);
const routesNamingTheirEnvironments = new Set(['envs', 'prewarm', 'gc']);
const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
const requestIdPattern = /^[A-Za-z0-9._:-]{1,100}$/;

export async function startAgentServer(options: AgentServerOptions): Promise<RunningAgent> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && (options.token === undefined || options.token.length === 0)) {
    throw new AgentStartError(
      `refusing to listen on ${host} without a bearer token: anyone who can reach it could create environments and run setup code`,
      'give a token with --agent-token-file FILE or the RTENV_AGENT_TOKEN variable, or bind to 127.0.0.1',
    );
  }
  if (options.token !== undefined && options.token.length < 16) {
    throw new AgentStartError('the bearer token is shorter than 16 characters', 'use a long random token, for example `openssl rand -hex 32`');
  }
  const logger = options.logger ?? silentLogger;
  const stopping = new AbortController();
  // The gauge is read at scrape time, after `coordinator` exists.
  const metrics: AgentMetrics = new AgentMetrics(options.manager, () => coordinator.inFlightCreations);
  const coordinator = new CreationCoordinator(options.manager, metrics, logger);
  const progress = new ProgressHub();
  const unsubscribeProgress = options.manager.onProgress((event) => {
    progress.publish(event);
    metrics.observeProgress(event);
    coordinator.noteProgress(event);
  });

  const context: AgentContext = {
    manager: options.manager,
    coordinator,
    progress,
    metrics,
    logger,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    version: options.version ?? '0.1.0',
    startedAt: Date.now(),
    stopping: stopping.signal,
    feed: new EnvironmentFeed(options.manager),
    budgets: options.budgets ?? {},
    directorySizes: new CachedDirectorySizes(SHARED_STORE_SIZE_MAX_AGE_MS),
    dashboard: options.dashboardDirectory === false ? undefined : new DashboardAssets(options.dashboardDirectory ?? dashboardDirectory),
    access: { loopback: isLoopbackHost(host), tokenConfigured: options.token !== undefined },
    async collectGarbage(gcOptions) {
      const report = await options.manager.gc(gcOptions);
      metrics.observeGc(report);
      for (const environmentId of report.environmentsRemoved) context.feed.noteChange(environmentId);
      return report;
    },
  };

  const checkToken = options.token === undefined ? undefined : createBearerTokenCheck(options.token);
  const requestIdPrefix = randomBytes(3).toString('hex');
  let requestCounter = 0;
  const requestCounters = new Map<string, readonly string[][]>();
  const labelsFor = (route: string, status: number): readonly string[] => {
    let byClass = requestCounters.get(route);
    if (byClass === undefined) {
      byClass = statusClasses.map((statusClass) => [route, statusClass]);
      requestCounters.set(route, byClass);
    }
    return byClass[Math.min(4, Math.max(0, Math.floor(status / 100) - 1))]!;
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const givenId = request.headers['x-request-id'];
    const requestId = typeof givenId === 'string' && requestIdPattern.test(givenId) ? givenId : `${requestIdPrefix}-${((requestCounter += 1)).toString(36)}`;
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    let routeName = 'unknown';
    let routeSegments: readonly string[] = [];
    const method = request.method ?? 'GET';
    const started = performance.now();
    try {
      if (stopping.signal.aborted && path !== '/healthz') {
        throw new HttpError(503, 'agent_stopping', 'the agent is shutting down', {
          hint: 'retry against the restarted agent',
          headers: { connection: 'close', 'retry-after': '5' },
        });
      }
      let route: MatchedRoute | undefined;
      let unmatched: unknown;
      try {
        route = matchRoute(method, path);
      } catch (error) {
        unmatched = error;
      }
      const access = accessFor({
        method,
        routeIsPublic: route?.public === true,
        loopback: context.access.loopback,
        fromBrowser: request.headers.origin !== undefined,
        tokenConfigured: checkToken !== undefined,
        loopbackHostHeader: isLoopbackHostHeader(request.headers.host),
      });
      // A token that was sent is checked even where none is needed, so a wrong one is never taken as good.
      if (access === 'token' || (checkToken !== undefined && route?.public !== true && request.headers.authorization !== undefined))
        checkToken!(request.headers.authorization);
      else if (access === 'refuse-browser-action') {
        throw new HttpError(
          403,
          'browser_action_needs_token',
          `a browser may not ${method.slice(0, 20)} ${path.slice(0, 200)} on an agent started without a token`,
          {
            hint: 'start the agent with a token (--agent-token-file FILE or RTENV_AGENT_TOKEN) and enter it in the dashboard, or use the rtenv CLI',
          },
        );
      } else if (access === 'refuse-foreign-host') {
        throw new HttpError(
          403,
          'host_not_allowed',
          `this agent listens on loopback and answers only requests addressed to it by a loopback name, not "${String(request.headers.host ?? '').slice(0, 100)}"`,
          {
            hint: 'use http://127.0.0.1:PORT or http://localhost:PORT (a page that reaches a loopback agent under another name may be another site rebinding its name)',
          },
        );
      }
      if (route === undefined) throw unmatched;
      routeName = route.name;
      routeSegments = route.segments;
      const scope: RequestScope = { request, response, requestId, segments: route.segments, query: queryStart === -1 ? '' : url.slice(queryStart + 1) };
      await route.handler(scope, context);
    } catch (error) {
      const answer = errorResponse(error, requestId);
      if (answer.status >= 500 && !(error instanceof HttpError) && answer.status !== 503) {
        logger.error('request failed unexpectedly', {
          requestId,
          route: routeName,
          method: request.method,
          error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
        });
      } else {
        logger.debug('request refused', { requestId, route: routeName, method: request.method, status: answer.status, code: answer.body.error.code });
      }
      if (response.headersSent) response.destroy();
      else sendJson(response, answer.status, answer.body, requestId, answer.headers);
      if (request.readable && !request.readableEnded && !request.readableFlowing) request.resume();
    } finally {
      metrics.requests.increment(labelsFor(routeName, response.statusCode));
      metrics.requestSeconds.observe([routeName], (performance.now() - started) / 1000);
      // A request on one environment names it in its path; creation, prewarm and collection name theirs themselves.
      if (!readMethods.has(method) && response.statusCode < 300 && !routesNamingTheirEnvironments.has(routeName)) context.feed.noteChange(routeSegments[0]);
    }
  };

  const server = http.createServer({ keepAlive: true, noDelay: true }, (request, response) => void handle(request, response));
  // Long creations are waited for on an open request; only receiving the request itself is bounded (slow clients).
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
    logger.debug('malformed HTTP request', { code: error.code ?? 'unknown' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;

  const gcIntervalSeconds = options.gcIntervalSeconds ?? DEFAULT_GC_INTERVAL_SECONDS;
  const gcTimer =
    gcIntervalSeconds > 0
      ? setInterval(() => {
          context.collectGarbage({}).catch((error: unknown) => logger.warn('periodic garbage collection failed', { error: (error as Error).message }));
        }, gcIntervalSeconds * 1000)
      : undefined;
  gcTimer?.unref();
  logger.info('agent listening', { url, host: address.address, port: address.port, auth: checkToken !== undefined });

  let stopped: Promise<void> | undefined;
  const stop = (reason = 'stop requested'): Promise<void> => {
    stopped ??= (async () => {
      logger.info('agent stopping', { reason, pendingCalls: coordinator.pendingCalls });
      stopping.abort();
      if (gcTimer) clearInterval(gcTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const graceMs = (options.shutdownGraceSeconds ?? DEFAULT_SHUTDOWN_GRACE_SECONDS) * 1000;
      const { abortedCalls } = await coordinator.drain(graceMs);
      if (abortedCalls > 0) logger.warn('aborted creations still running after the grace period', { abortedCalls, graceMs });
      // Answers to the drained calls are written by now; give them a moment to flush, then cut what is left.
      await new Promise((resolve) => setTimeout(resolve, 50));
      server.closeAllConnections();
      await closed;
      unsubscribeProgress();
      logger.info('agent stopped', { reason });
    })();
    return stopped;
  };

  return { url, host: address.address, port: address.port, context, stop };
}
