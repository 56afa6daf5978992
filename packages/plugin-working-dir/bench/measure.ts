import type { BenchFigure } from '@runtime-env/tooling/bench';
import { execFileSync, spawn } from 'node:child_process';

/** Each measure runs this many times and reports its median; the machine is shared, so single runs are noisy. */
export const repetitions = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function timed(action: () => void): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

export async function timedAsync(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Runs a bash command line and returns how long it took. */
export function timedShell(commandLine: string): number {
  return timed(() => execFileSync('bash', ['-c', commandLine]));
}

/** From spawning a process to the first byte it prints on stdout. */
export function timeToFirstLine(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(performance.now() - started));
    child.on('close', (code) => reject(new Error(`${command} exited with ${code} before printing`)));
  });
}

export class ResultTable {
  private readonly rows: string[][] = [];
  /** The same rows as numbers, for `recordBenchFigures`. */
  readonly figures: BenchFigure[] = [];

  add(tree: string, measure: string, milliseconds: number, baselineName: string, baselineMilliseconds: number): void {
    const name = `${tree}: ${measure} vs ${baselineName}`;
    this.figures.push(
      { name: `${name} / ms`, value: milliseconds, unit: 'ms' },
      { name: `${name} / baseline ms`, value: baselineMilliseconds, unit: 'ms' },
      { name: `${name} / ratio`, value: milliseconds / baselineMilliseconds, unit: 'x' },
    );
    // Escaped so the table pastes into Markdown as it is.
    const cells = [tree, measure, milliseconds.toFixed(0), baselineName, baselineMilliseconds.toFixed(0), (milliseconds / baselineMilliseconds).toFixed(2)];
    this.rows.push(cells.map((cell) => cell.replaceAll('|', '\\|')));
  }

  format(): string {
    const header = ['tree', 'measure', 'ms', 'baseline', 'baseline ms', 'ratio'];
    const widths = header.map((title, column) => Math.max(title.length, ...this.rows.map((cells) => cells[column]!.length)));
    const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
    return `${[line(header), line(widths.map((width) => '-'.repeat(width))), ...this.rows.map(line)].join('\n')}\n`;
  }
}
