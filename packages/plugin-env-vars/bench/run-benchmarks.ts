// Times the env_vars plugin's per-environment work against the least work that
// could do the same job, measured in the same run, and prints the ratios.
import { performance } from 'node:perf_hooks';
import { figuresOfTable, recordBenchFigures } from '@runtime-env/tooling/bench';
import { emptyLaunchContext } from '@runtime-env/core';
import { envVarsPlugin, envVarsSchema } from '../src/index.js';

const VARIABLE_COUNTS = [10, 1_000];
const ROUNDS = 7;
const MINIMUM_ROUND_MS = 200;

function variables(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`VARIABLE_${count - index}`, `value-${index}-\${HOME}`]));
}

/** Median time of one call, in microseconds, over ROUNDS rounds of at least MINIMUM_ROUND_MS each. */
function medianMicroseconds(action: () => unknown): number {
  let iterations = 1;
  while (true) {
    const start = performance.now();
    for (let index = 0; index < iterations; index += 1) action();
    if (performance.now() - start >= MINIMUM_ROUND_MS / 4) break;
    iterations *= 2;
  }
  iterations *= 4;
  const perCall: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = performance.now();
    for (let index = 0; index < iterations; index += 1) action();
    perCall.push(((performance.now() - start) * 1000) / iterations);
  }
  return perCall.sort((left, right) => left - right)[Math.floor(ROUNDS / 2)]!;
}

/** The baseline for normalizing: check every value is a string and copy the entries sorted. */
function checkAndCopy(input: Record<string, unknown>): Record<string, string> {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(input)) {
    if (typeof value !== 'string') throw new TypeError(name);
    entries.push([name, value]);
  }
  return Object.fromEntries(entries.sort(([left], [right]) => (left < right ? -1 : 1)));
}

const rows: string[][] = [];
for (const count of VARIABLE_COUNTS) {
  const input = variables(count);
  const normalized = envVarsSchema.parse(input)!;
  const schema = medianMicroseconds(() => envVarsSchema.parse(input));
  const schemaBaseline = medianMicroseconds(() => checkAndCopy(input));
  rows.push([`normalize ${count} variables`, schema.toFixed(2), schemaBaseline.toFixed(2), (schema / schemaBaseline).toFixed(2)]);
  const modify = medianMicroseconds(() => envVarsPlugin.modifyContext!(normalized, { context: emptyLaunchContext() } as never));
  const modifyBaseline = medianMicroseconds(() => Object.assign(emptyLaunchContext().envVars, normalized));
  rows.push([`modifyContext ${count} variables`, modify.toFixed(2), modifyBaseline.toFixed(2), (modify / modifyBaseline).toFixed(2)]);
}

const header = ['operation', 'env_vars plugin (µs)', 'baseline (µs)', 'ratio'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
console.log(line(header));
console.log(line(widths.map((width) => '-'.repeat(width))));
for (const row of rows) console.log(line(row));
console.log(
  `\nbaselines: a typeof loop copying sorted entries (normalize); Object.assign (modifyContext). Median of ${ROUNDS} rounds, node ${process.version}.`,
);
recordBenchFigures('plugin-env-vars', figuresOfTable(header, rows, { 'env_vars plugin (µs)': 'µs', 'baseline (µs)': 'µs', ratio: 'x' }));
