// The before/after table of scripts/bench-compare.mjs, in Markdown.
import { betterDirectionOf } from './better-direction.mjs';

/** A change beyond this fraction is flagged for a human to explain. */
export const FLAG_THRESHOLD = 0.1;

/**
 * @typedef {{ name: string; value: number; unit: string; better?: 'higher' | 'lower' }} Figure
 * @typedef {{ benchmark: string; source: string; before: Figure[]; after: Figure[]; note?: string }} BenchmarkResult
 */

/**
 * Whether the figure got worse or better by more than FLAG_THRESHOLD, in the direction
 * the figure improves (`better-direction.mjs`).
 * @param {number} before @param {number} after @param {'higher' | 'lower'} better
 */
export function verdictOf(before, after, better) {
  if (!(before > 0) || !(after >= 0)) return '';
  const ratio = after / before;
  if (Math.abs(ratio - 1) <= FLAG_THRESHOLD) return '';
  const worse = better === 'higher' ? ratio < 1 : ratio > 1;
  return worse ? `**worse by ${formatPercent(ratio)}**` : `better by ${formatPercent(ratio)}`;
}

/** @param {number} ratio */
function formatPercent(ratio) {
  return `${Math.abs((ratio - 1) * 100).toFixed(0)}%`;
}

/** @param {number | undefined} value */
function formatValue(value) {
  if (value === undefined) return '–';
  const magnitude = Math.abs(value);
  return value.toFixed(magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3);
}

/** @param {string} text */
const escapeCell = (text) => text.replaceAll('|', '\\|');

/**
 * @param {BenchmarkResult[]} results
 * @param {{ beforeRef: string; afterRef: string }} refs
 */
export function comparisonTable(results, refs) {
  const lines = [
    `| benchmark | figure | unit | better | before (${escapeCell(refs.beforeRef)}) | after (${escapeCell(refs.afterRef)}) | after/before | change beyond ${FLAG_THRESHOLD * 100}% |`,
    '|---|---|---|---|---:|---:|---:|---|',
  ];
  for (const result of results) {
    if (result.note !== undefined && result.before.length === 0 && result.after.length === 0) {
      lines.push(`| ${escapeCell(result.benchmark)} | ${escapeCell(result.note)} | | | | | | |`);
      continue;
    }
    const before = new Map(result.before.map((figure) => [figure.name, figure]));
    const after = new Map(result.after.map((figure) => [figure.name, figure]));
    const names = [...before.keys(), ...[...after.keys()].filter((name) => !before.has(name))];
    for (const name of names) {
      const old = before.get(name);
      const current = after.get(name);
      const unit = current?.unit || old?.unit || '';
      // The after side's runner is the newer one: its word on the direction wins.
      const better = betterDirectionOf({ name, unit, better: current?.better ?? old?.better });
      const ratio =
        old !== undefined && current !== undefined && old.value !== 0
          ? formatValue(current.value / old.value)
          : old === undefined
            ? 'only after'
            : 'only before';
      const verdict = old !== undefined && current !== undefined ? verdictOf(old.value, current.value, better) : '';
      lines.push(
        `| ${escapeCell(result.benchmark)} | ${escapeCell(name)} | ${escapeCell(unit)} | ${better} | ${formatValue(old?.value)} | ${formatValue(current?.value)} | ${ratio} | ${verdict} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
