import { describe, expect, it } from 'vitest';
import { formatCondaLock } from '../src/conda-lock.js';
import { condaKey } from '../src/conda-key.js';
import { channelUrls } from '../src/embedded/channel-urls.js';

const base = { engine: 'embedded', subdir: 'linux-64', channels: ['http://127.0.0.1:1/c'], matchSpecs: ['a', 'b >=1'], pip: [] as string[] };

describe('conda keys', () => {
  it('are a sha256, independent of match spec order and spacing', () => {
    expect(condaKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(condaKey({ ...base, matchSpecs: ['b  >=1', 'a'] })).toBe(condaKey(base));
  });

  it.each([
    ['engine', { engine: 'external:micromamba' }],
    ['platform', { subdir: 'linux-aarch64' }],
    ['channels', { channels: ['http://127.0.0.1:1/other'] }],
    ['channel order', { channels: ['http://x/1', 'http://x/2'] }],
    ['pip section', { pip: ['six'] }],
  ])('change with the %s', (what, change: Partial<typeof base>) => {
    const other = { ...base, ...change };
    const reference = what === 'channel order' ? { ...base, channels: ['http://x/2', 'http://x/1'] } : base;
    expect(condaKey(other)).not.toBe(condaKey(reference));
  });
});

describe('channels', () => {
  it('resolve names under the alias, keep URLs, drop nodefaults, fall back to the defaults', () => {
    const defaults = { defaultChannels: ['conda-forge'], channelAlias: 'https://conda.example/' };
    expect(channelUrls(['bioconda', 'http://127.0.0.1:9/local/', 'nodefaults'], defaults)).toEqual([
      'https://conda.example/bioconda',
      'http://127.0.0.1:9/local',
    ]);
    expect(channelUrls([], defaults)).toEqual(['https://conda.example/conda-forge']);
    expect(channelUrls(['nodefaults'], defaults)).toEqual(['https://conda.example/conda-forge']);
  });
});

describe('lock format', () => {
  it('is a conda explicit file with sha256 checksums, pip packages as comments', () => {
    const text = formatCondaLock([
      { name: 'a', version: '1', build: 'h0', hash: `sha256:${'a'.repeat(64)}`, source: 'http://127.0.0.1:1/c/noarch/a-1-h0.conda' },
      { name: 'six', version: '1.16.0', source: 'pip' },
    ]);
    expect(text).toBe(
      `# conda environment locked by runtime-env\n@EXPLICIT\nhttp://127.0.0.1:1/c/noarch/a-1-h0.conda#sha256:${'a'.repeat(64)}\n# pip: six==1.16.0\n`,
    );
  });
});
