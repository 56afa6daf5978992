import { describe, expect, it } from 'vitest';
import { betterDirectionOf } from '../../scripts/bench-compare/better-direction.mjs';
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
  it('flags a change beyond 10% as worse or better in the direction the figure improves', () => {
    expect(verdictOf(100, 109, 'lower')).toBe('');
    expect(verdictOf(100, 120, 'lower')).toBe('**worse by 20%**');
    expect(verdictOf(100, 80, 'lower')).toBe('better by 20%');
    expect(verdictOf(1000, 800, 'higher')).toBe('**worse by 20%**');
    expect(verdictOf(1000, 1200, 'higher')).toBe('better by 20%');
  });

  // The session-5 table flagged the agent's throughput ratio 0.71 → 0.98 as worse.
  it('reads a unitless throughput ratio as higher-is-better, and a ratio of times as lower-is-better', () => {
    const throughputRatio = { name: 'sequential throughput / agent / bare', unit: '' };
    expect(betterDirectionOf(throughputRatio)).toBe('higher');
    expect(verdictOf(0.71, 0.98, betterDirectionOf(throughputRatio))).toBe('better by 38%');
    expect(betterDirectionOf({ name: 'rtenv --version (CLI start-up) / ratio to baseline', unit: '' })).toBe('lower');
    expect(betterDirectionOf({ name: 'link-heavy archive / ratio', unit: 'x' })).toBe('lower');
    expect(betterDirectionOf({ name: 'warm install / x faster than pip', unit: 'x' })).toBe('higher');
    expect(betterDirectionOf({ name: 'requests per second', unit: '' })).toBe('higher');
    expect(betterDirectionOf({ name: 'errors', unit: '' })).toBe('lower');
    expect(betterDirectionOf({ name: 'stream follower / hit rate', unit: '' })).toBe('higher');
  });

  it('takes the direction from the unit before the name: rates go up, times and sizes down', () => {
    expect(betterDirectionOf({ name: 'creating 10000 env_vars environments', unit: 'req/s' })).toBe('higher');
    expect(betterDirectionOf({ name: 'upload', unit: 'MiB/s' })).toBe('higher');
    expect(betterDirectionOf({ name: 'time to reach full throughput', unit: 'ms' })).toBe('lower');
    expect(betterDirectionOf({ name: 'RSS idle', unit: 'MiB' })).toBe('lower');
  });

  it("takes a runner's own word (RTENV_BENCH_JSON's `better`) over the unit and name", () => {
    expect(betterDirectionOf({ name: 'cache hits', unit: '', better: 'higher' })).toBe('higher');
    expect(betterDirectionOf({ name: 'sequential throughput / agent / bare', unit: '', better: 'lower' })).toBe('lower');
  });

  it("shows each figure's direction and flags by it; the after side's `better` wins", () => {
    const table = comparisonTable(
      [
        {
          benchmark: 'agent',
          source: 'RTENV_BENCH_JSON',
          before: [
            { name: 'throughput / agent / bare', value: 0.71, unit: '' },
            { name: 'retries', value: 10, unit: '' },
          ],
          after: [
            { name: 'throughput / agent / bare', value: 0.98, unit: '' },
            { name: 'retries', value: 20, unit: '', better: 'higher' },
          ],
        },
      ],
      { beforeRef: 'a', afterRef: 'b' },
    );
    expect(table.split('\n').slice(2, 4)).toEqual([
      '| agent | throughput / agent / bare |  | higher | 0.710 | 0.980 | 1.38 | better by 38% |',
      '| agent | retries |  | higher | 10.0 | 20.0 | 2.00 | better by 100% |',
    ]);
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
      '| safe-extract | extract | ms | lower | 100 | 125 | 1.25 | **worse by 25%** |',
      '| safe-extract | gone | ms | lower | 1.00 | – | only before |  |',
      '| safe-extract | new | ms | lower | – | 2.00 | only after |  |',
      '| ray | skipped: too long | | | | | | |',
    ]);
  });
});
