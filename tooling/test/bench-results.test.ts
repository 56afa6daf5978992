import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { figuresOfTable, recordBenchFigures } from '../bench-results.js';

afterEach(() => vi.unstubAllEnvs());

describe('benchmark results for bench-compare', () => {
  it('reads each numeric cell of a printed table, named by its row and column, with the unit written after the number', () => {
    const header = ['packages', 'venv (s)', 'plugin, cold (ratio)', 'note'];
    const rows = [['  requests ', '1,234.5 s', '0.42 s (0.80x)', 'n/a']];
    expect(figuresOfTable(header, rows, { 'venv (s)': 's' })).toEqual([
      { name: 'requests / venv (s)', value: 1234.5, unit: 's' },
      { name: 'requests / plugin, cold (ratio)', value: 0.42, unit: 's' },
    ]);
  });

  it("gives a column's figures the direction the runner names for it", () => {
    const figures = figuresOfTable(['case', 'req/s', 'p50 (ms)'], [['agent', '2,000', '0.3']], {}, { 'req/s': 'higher' });
    expect(figures).toEqual([
      { name: 'agent / req/s', value: 2000, unit: '', better: 'higher' },
      { name: 'agent / p50 (ms)', value: 0.3, unit: '' },
    ]);
  });

  it('appends one JSON line per figure to RTENV_BENCH_JSON, and writes nothing without it', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    try {
      const file = path.join(folder, 'results.jsonl');
      recordBenchFigures('unset', [{ name: 'a', value: 1, unit: 'ms' }]);
      vi.stubEnv('RTENV_BENCH_JSON', file);
      recordBenchFigures('core', [
        { name: 'p50', value: 12.5, unit: 'µs' },
        { name: 'not measured', value: Number.NaN, unit: 'ms' },
      ]);
      recordBenchFigures('core', [{ name: 'p99', value: 40, unit: 'µs' }]);
      recordBenchFigures('agent', [{ name: 'throughput / agent / bare', value: 0.98, unit: 'x', better: 'higher' }]);
      expect(
        readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([
        { benchmark: 'core', name: 'p50', value: 12.5, unit: 'µs' },
        { benchmark: 'core', name: 'p99', value: 40, unit: 'µs' },
        { benchmark: 'agent', name: 'throughput / agent / bare', value: 0.98, unit: 'x', better: 'higher' },
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
