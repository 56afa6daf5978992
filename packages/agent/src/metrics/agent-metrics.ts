import type { GcReport, ProgressEvent, RuntimeEnvManager } from '@runtime-env/core';
import { CallbackGauge, Counter, Histogram, type Metric } from './metric-types.js';

/** Creation takes milliseconds (env_vars) to many minutes (conda), so buckets span both. */
const creationSecondsBuckets = [0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/** Cached answers take a fraction of a millisecond; creations waited on take up to minutes. */
const requestSecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1, 5, 30, 120];

export type FailureLabel = 'validation' | 'transient' | 'permanent' | 'timeout' | 'cancelled' | 'other';

/** Everything `/metrics` shows, named `runtime_env_*`. */
export class AgentMetrics {
  readonly requests = new Counter('runtime_env_agent_requests_total', 'HTTP requests answered, by route and status class.', ['route', 'status']);
  readonly requestSeconds = new Histogram(
    'runtime_env_agent_request_seconds',
    'Time to answer an HTTP request (to the end of its headers for streams), by route.',
    ['route'],
    requestSecondsBuckets,
  );
  readonly getOrCreate = new Counter(
    'runtime_env_get_or_create_total',
    'Create-or-get calls, by result: hit (found ready), miss (this call created it), joined (waited on a creation another call started), failure.',
    ['result'],
  );
  readonly failures = new Counter('runtime_env_failures_total', 'Failed create-or-get calls, by failure class.', ['class']);
  readonly uriCreations = new Counter('runtime_env_uri_creations_total', 'URIs created, by plugin and outcome.', ['plugin', 'outcome']);
  readonly uriCreationSeconds = new Histogram('runtime_env_uri_creation_seconds', 'Time to create one URI, by plugin.', ['plugin'], creationSecondsBuckets);
  readonly environmentCreationSeconds = new Histogram(
    'runtime_env_environment_creation_seconds',
    'Time to create a whole environment (misses only).',
    [],
    creationSecondsBuckets,
  );
  readonly evictions = new Counter('runtime_env_evictions_total', 'URIs removed by garbage collection, by plugin and reason.', ['plugin', 'reason']);
  readonly evictedBytes = new Counter('runtime_env_evicted_bytes_total', 'Bytes freed by garbage collection.', []);
  private readonly uriStartTimes = new Map<string, number>();
  private readonly metrics: Metric[];

  constructor(manager: RuntimeEnvManager, inFlightCreations: () => number) {
    this.metrics = [
      this.requests,
      this.requestSeconds,
      this.getOrCreate,
      this.failures,
      this.uriCreations,
      this.uriCreationSeconds,
      this.environmentCreationSeconds,
      this.evictions,
      this.evictedBytes,
      new CallbackGauge('runtime_env_in_flight_creations', 'Environments being created by this agent now.', [], () => [[[], inFlightCreations()]]),
      new CallbackGauge('runtime_env_uri_bytes', 'Bytes on disk of ready URIs, by plugin.', ['plugin'], () => bytesByPlugin(manager)),
      new CallbackGauge('runtime_env_environments', 'Environments known to the node, by state.', ['state'], () => environmentsByState(manager)),
    ];
  }

  /** Times URI creations from the core's `started` and `ready`/`failed` events. */
  observeProgress(event: ProgressEvent): void {
    if (event.uri === undefined) return;
    const key = `${event.plugin}\u0000${event.uri}`;
    if (event.kind === 'started') {
      this.uriStartTimes.set(key, Date.parse(event.at));
    } else if (event.kind === 'ready' || event.kind === 'failed') {
      const startedAt = this.uriStartTimes.get(key);
      this.uriStartTimes.delete(key);
      this.uriCreations.increment([event.plugin, event.kind]);
      if (event.kind === 'ready' && startedAt !== undefined)
        this.uriCreationSeconds.observe([event.plugin], Math.max(0, Date.parse(event.at) - startedAt) / 1000);
    }
  }

  observeGc(report: GcReport): void {
    if (report.dryRun) return;
    for (const candidate of report.removed) this.evictions.increment([candidate.plugin, candidate.reason]);
    this.evictedBytes.increment([], report.bytesFreed);
  }

  render(): string {
    return this.metrics.map((metric) => metric.render()).join('');
  }
}

function bytesByPlugin(manager: RuntimeEnvManager): [string[], number][] {
  const totals = new Map<string, number>();
  for (const plugin of manager.plugins) totals.set(plugin.plugin.name, 0);
  for (const record of manager.listUris()) {
    if (record.state === 'ready') totals.set(record.plugin, (totals.get(record.plugin) ?? 0) + record.sizeBytes);
  }
  return [...totals].map(([plugin, bytes]) => [[plugin], bytes]);
}

function environmentsByState(manager: RuntimeEnvManager): [string[], number][] {
  const counts = new Map<string, number>([
    ['creating', 0],
    ['ready', 0],
    ['failed', 0],
  ]);
  for (const summary of manager.listEnvironmentSummaries()) counts.set(summary.state, (counts.get(summary.state) ?? 0) + 1);
  return [...counts].map(([state, count]) => [[state], count]);
}
