import { describe, expect, it } from 'vitest';
import { comparisonTable, verdictOf } from '../../scripts/bench-compare/comparison-table.mjs';
import { figuresInPrintedOutput } from '../../scripts/bench-compare/printed-figures.mjs';

describe('figures read from printed bench output (refs older than RTENV_BENCH_JSON)', () => {
  it('reads Markdown tables by row and column, the unit from the cell or from the column title', () => {
    const output = [
      '| operation | plugin (µs) | ratio |',
      '| --- | --- | --- |',
      '| normalize 10 variables | 2.10 | 2.63 |',
      '',
      'Median of 7 rounds, node v20.',
    ].join('\n');
    expect(figuresInPrintedOutput(output)).toEqual([
      { name: 'normalize 10 variables / plugin (µs)', value: 2.1, unit: 'µs' },
      { name: 'normalize 10 variables / ratio', value: 2.63, unit: '' },
    ]);
  });

  it('reads tables aligned with spaces, with a title line or without', () => {
    const output = [
      'metric  measured  goal',
      'cached p50 (µs)  12.3  ≤ 50',
      '',
      'first environment  1,234.5 ms  1.00x',
      '  link  20.0 ms',
      '  link  10.0 ms',
    ].join('\n');
    expect(figuresInPrintedOutput(output)).toEqual([
      { name: 'cached p50 (µs) / measured', value: 12.3, unit: 'µs' },
      { name: 'first environment / #1', value: 1234.5, unit: 'ms' },
      { name: 'first environment / #2', value: 1, unit: 'x' },
      { name: 'link / #1', value: 20, unit: 'ms' },
      { name: 'link / #1 #2', value: 10, unit: 'ms' },
    ]);
  });

  it('reads figures in prose, each number with a unit after its label', () => {
    expect(
      figuresInPrintedOutput(
        'link-heavy archive, 7 rounds, medians:\n  extractArchive 3508.1 ms, tar -xf 4876.3 ms, ratio 0.72x\n  @runtime-env/plugin-pip: 12.3 ms',
      ),
    ).toEqual([
      { name: 'extractArchive', value: 3508.1, unit: 'ms' },
      { name: 'tar -xf', value: 4876.3, unit: 'ms' },
      { name: 'ratio', value: 0.72, unit: 'x' },
      { name: '@runtime-env/plugin-pip', value: 12.3, unit: 'ms' },
    ]);
  });
});

describe('the before/after table', () => {
  it('flags a change beyond 10% as worse or better by its unit', () => {
    expect(verdictOf(100, 109, 'ms')).toBe('');
    expect(verdictOf(100, 120, 'ms')).toBe('**worse by 20%**');
    expect(verdictOf(100, 80, 'ms')).toBe('better by 20%');
    expect(verdictOf(1000, 800, 'req/s')).toBe('**worse by 20%**');
  });

  it('pairs figures by name, and shows figures only one side has', () => {
    const table = comparisonTable(
      [
        {
          benchmark: 'safe-extract',
          source: 'printed output',
          before: [
            { name: 'extract', value: 100, unit: 'ms' },
            { name: 'gone', value: 1, unit: 'ms' },
          ],
          after: [
            { name: 'extract', value: 125, unit: 'ms' },
            { name: 'new', value: 2, unit: 'ms' },
          ],
        },
        { benchmark: 'ray', source: '', before: [], after: [], note: 'skipped: too long' },
      ],
      { beforeRef: 'cf4327a', afterRef: 'main' },
    );
    expect(table.split('\n').slice(2, 6)).toEqual([
      '| safe-extract | extract | ms | 100 | 125 | 1.25 | **worse by 25%** |',
      '| safe-extract | gone | ms | 1.00 | – | only before |  |',
      '| safe-extract | new | ms | – | 2.00 | only after |  |',
      '| ray | skipped: too long | | | | | |',
    ]);
  });
});
