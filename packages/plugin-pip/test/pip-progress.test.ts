import type { ProgressUpdate } from '@runtime-env/core';
import { describe, expect, it } from 'vitest';
import { createDownloadTally, createPipProgressParser, parseSize } from '../src/pip-progress.js';

describe("pip's output as progress", () => {
  it('turns collecting, downloading, building and installing lines into phases with cumulative bytes', () => {
    const updates: ProgressUpdate[] = [];
    const parse = createPipProgressParser((update) => updates.push(update));
    for (const line of [
      'Collecting requests==2.31',
      '  Downloading http://127.0.0.1:1/files/requests-2.31-py3-none-any.whl (62 kB)',
      'Collecting idna<4,>=2.5 (from requests==2.31)',
      '  Downloading idna-3.6-py3-none-any.whl (1.5 MB)',
      'Building wheel for legacy (setup.py): started',
      'Installing collected packages: idna, requests',
      'Successfully installed idna-3.6 requests-2.31',
    ])
      parse(line);
    expect(updates).toEqual([
      { phase: 'collecting', message: 'requests==2.31' },
      { phase: 'downloading', message: 'requests-2.31-py3-none-any.whl', bytesDone: 0, bytesTotal: 62_000 },
      { phase: 'collecting', message: 'idna<4,>=2.5' },
      { phase: 'downloading', message: 'idna-3.6-py3-none-any.whl', bytesDone: 62_000, bytesTotal: 1_562_000 },
      { phase: 'building', message: 'legacy' },
      { phase: 'installing', message: 'idna, requests', bytesDone: 1_562_000, bytesTotal: 1_562_000 },
      { phase: 'installed', message: 'idna-3.6 requests-2.31' },
    ]);
  });

  it('counts a file once when the dry run and the installation both download it (the store path runs pip twice)', () => {
    const updates: ProgressUpdate[] = [];
    const tally = createDownloadTally();
    const resolving = createPipProgressParser((update) => updates.push(update), tally);
    const installing = createPipProgressParser((update) => updates.push(update), tally);
    resolving('  Downloading http://127.0.0.1:1/files/idna-3.6-py3-none-any.whl (1.5 MB)');
    resolving('  Downloading http://127.0.0.1:1/files/tabulate-0.9.0-py3-none-any.whl (35 kB)');
    resolving('Would install idna-3.6 tabulate-0.9.0');
    installing('  Downloading http://127.0.0.1:1/files/tabulate-0.9.0-py3-none-any.whl (35 kB)');
    installing('Installing collected packages: tabulate');
    expect(updates.at(-1)).toEqual({ phase: 'installing', message: 'tabulate', bytesDone: 1_535_000, bytesTotal: 1_535_000 });
    expect(tally).toMatchObject({ bytesDone: 1_535_000, bytesTotal: 1_535_000 });
  });

  it('reads the sizes pip prints', () => {
    expect(parseSize('(876 bytes)')).toBe(876);
    expect(parseSize('(12.5 MB)')).toBe(12_500_000);
    expect(parseSize('no size')).toBeUndefined();
  });
});
