export interface Row {
  metric: string;
  measured: number;
  baseline: number;
  goal: string;
}

export function percentile(samples: Float64Array, rank: number): number {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((rank / 100) * sorted.length))]!;
}

export function printTable(rows: readonly Row[]): void {
  const lines = [
    ['metric', 'measured', 'baseline', 'ratio', 'goal'],
    ...rows.map((row) => [row.metric, row.measured.toFixed(1), row.baseline.toFixed(1), `${(row.measured / row.baseline).toFixed(2)}x`, row.goal]),
  ];
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  for (const line of lines) console.log(line.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
}
