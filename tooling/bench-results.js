// Machine-readable benchmark results, for scripts/bench-compare.mjs. A bench runner
// prints its figures as before, and also hands them here: when RTENV_BENCH_JSON
// names a file, each figure is appended to it as one JSON line
// `{"benchmark", "name", "value", "unit", "better"?}`, where `better` ('higher' or
// 'lower') says which way the figure improves; without it, bench-compare judges by the
// unit and name (throughput and req/s up, times and sizes down). Without the variable,
// nothing is written.
import { appendFileSync } from 'node:fs';

/**
 * @param {string} benchmark the runner, for example `plugin-env-vars`
 * @param {readonly { name: string; value: number; unit: string; better?: 'higher' | 'lower' }[]} figures
 */
export function recordBenchFigures(benchmark, figures) {
  const file = process.env.RTENV_BENCH_JSON;
  if (!file) return;
  const lines = figures
    .filter((figure) => Number.isFinite(figure.value))
    .map(
      (figure) =>
        `${JSON.stringify({ benchmark, name: figure.name, value: figure.value, unit: figure.unit, ...(figure.better ? { better: figure.better } : {}) })}\n`,
    );
  appendFileSync(file, lines.join(''));
}

/**
 * The figures of a printed table: one per numeric cell, named `<first cell> / <column title>`.
 * Cells such as `12.3 ms`, `1.8x` or `4.10 s (1.20x)` are read by their leading number, with the
 * word right after it as the unit unless `units` gives the column's unit by title; cells that
 * do not start with a number are skipped.
 *
 * @param {readonly string[]} header
 * @param {readonly (readonly string[])[]} rows
 * @param {Readonly<Record<string, string>>} [units]
 * @param {Readonly<Record<string, 'higher' | 'lower'>>} [better] which way each column's figures improve, by title
 */
export function figuresOfTable(header, rows, units = {}, better = {}) {
  return rows.flatMap((row) =>
    row.slice(1).flatMap((cell, index) => {
      const title = header[index + 1] ?? `column ${index + 1}`;
      const [, number, written] = /^\s*(-?[\d,]*\.?\d+)\s*([^\s(]*)/.exec(String(cell)) ?? [];
      if (number === undefined) return [];
      const direction = better[title];
      return [
        {
          name: `${String(row[0]).trim()} / ${title}`,
          value: Number(number.replace(/,/g, '')),
          unit: units[title] ?? written ?? '',
          ...(direction ? { better: direction } : {}),
        },
      ];
    }),
  );
}
