// Preloaded into the benchmarked agent (`node --expose-gc -r ./bench/report-heap-on-signal.cjs`):
// on SIGUSR2 it runs a full garbage collection and appends one JSON line with the
// live heap to the file named by RTENV_BENCH_HEAP_FILE. RSS alone cannot tell
// what the agent keeps from the heap V8 grew for a burst and has not given back.
const { appendFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  appendFileSync(process.env.RTENV_BENCH_HEAP_FILE, `${JSON.stringify({ rss, heapUsed, heapTotal, external })}\n`);
});
