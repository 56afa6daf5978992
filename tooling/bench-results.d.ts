export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}
export declare function recordBenchFigures(benchmark: string, figures: readonly BenchFigure[]): void;
export declare function figuresOfTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  units?: Readonly<Record<string, string>>,
): BenchFigure[];
