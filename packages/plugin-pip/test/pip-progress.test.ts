import type { ProgressUpdate } from '@runtime-env/core';
import { describe, expect, it } from 'vitest';
import { createPipProgressParser, parseSize } from '../src/pip-progress.js';

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
    ]) parse(line);
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

  it('reads the sizes pip prints', () => {
    expect(parseSize('(876 bytes)')).toBe(876);
    expect(parseSize('(12.5 MB)')).toBe(12_500_000);
    expect(parseSize('no size')).toBeUndefined();
  });
});
