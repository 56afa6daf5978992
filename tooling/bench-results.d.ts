export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** Which way the figure improves; without it, bench-compare judges by the unit and name. */
  better?: 'higher' | 'lower';
}
export declare function recordBenchFigures(benchmark: string, figures: readonly BenchFigure[]): void;
export declare function figuresOfTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  units?: Readonly<Record<string, string>>,
  better?: Readonly<Record<string, 'higher' | 'lower'>>,
): BenchFigure[];
