// Which way a benchmark figure improves. A runner says so in RTENV_BENCH_JSON
// (`better: 'higher' | 'lower'`, see tooling/bench-results.js); a figure read from
// printed output, or from a runner that does not say, is judged by its unit, then its name.

/** @typedef {'higher' | 'lower'} Better */

/** Units of time, size and count where less is better whatever the name says. */
const LOWER_UNITS = new Set(['ns', 'µs', 'us', 'ms', 's', 'min', 'B', 'KiB', 'MiB', 'GiB', 'KB', 'MB', 'GB']);
/** Names of rates and speed-ups: throughput, requests per second, "2.1x faster", hit rates. */
const HIGHER_NAMES = /throughput|req\/s|ops\/s|per second|\bfaster\b|speed-?up|hit rate/i;

/**
 * @param {{ name: string; unit: string; better?: string }} figure
 * @returns {Better}
 */
export function betterDirectionOf(figure) {
  if (figure.better === 'higher' || figure.better === 'lower') return figure.better;
  // A rate: req/s, MiB/s, ops/s.
  if (/\/s$/.test(figure.unit)) return 'higher';
  if (LOWER_UNITS.has(figure.unit)) return 'lower';
  // Unitless figures (a ratio, a count): a ratio of throughputs improves upwards, a ratio of times downwards.
  return HIGHER_NAMES.test(figure.name) ? 'higher' : 'lower';
}
