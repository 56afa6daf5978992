import { spawn } from 'node:child_process';

/** Wall time of a child process in milliseconds; throws when it fails, so a broken setup never passes for fast. */
export function timeCommand(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${output}`))));
  });
}

export async function timeCall(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatTable(rows: readonly { name: string; medianMs: number; baseline: string; ratio: number | undefined }[]): string {
  const header = ['measurement', 'median ms', 'baseline', 'ratio'];
  const lines = rows.map((row) => [row.name, row.medianMs.toFixed(1), row.baseline, row.ratio === undefined ? '-' : `${row.ratio.toFixed(2)}x`]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}
