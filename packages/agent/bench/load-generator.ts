import http from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Every request's latency in ms, sorted, so rounds can be pooled. */
  latenciesMs: number[];
}

/**
 * Sends `total` POSTs of `body` to `url` from `concurrency` clients, each on its own
 * keep-alive connection with one request at a time (like the raylet's pool), and
 * measures each request's latency. `body` gets the request's index and the
 * client's (0..concurrency-1), so each client can name itself as the owner.
 * Bounded by count and by `maxSeconds`.
 */
export async function runLoad(
  url: string,
  path: string,
  body: (index: number, client: number) => string,
  total: number,
  concurrency: number,
  maxSeconds = 60,
): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  const started = performance.now();
  const once = (payload: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path,
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (next < total && performance.now() < deadline) {
        const index = next++;
        const payload = body(index, client);
        const before = performance.now();
        const status = await once(payload).catch(() => 0);
        latencies.push(performance.now() - before);
        if (status !== 200) errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return summarize(latencies, seconds, errors);
}

function summarize(latencies: number[], seconds: number, errors: number): LoadResult {
  latencies.sort((left, right) => left - right);
  const at = (fraction: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))] ?? NaN;
  return {
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
    latenciesMs: latencies,
  };
}

/** Rounds of one load pooled: throughput over their summed time, percentiles over all their requests. */
export function pool(rounds: readonly LoadResult[]): LoadResult {
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const errors = rounds.reduce((sum, round) => sum + round.errors, 0);
  return summarize(
    rounds.flatMap((round) => round.latenciesMs),
    seconds,
    errors,
  );
}
