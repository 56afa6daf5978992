import { describe, expect, it } from 'vitest';
import { formatCondaLock } from '../src/conda-lock.js';
import { condaUri } from '../src/conda-uri.js';
import { channelUrls } from '../src/embedded/channel-urls.js';

const base = { version: '0.1.0', engine: 'embedded', subdir: 'linux-64', channels: ['http://127.0.0.1:1/c'], matchSpecs: ['a', 'b >=1'], pip: [] as string[] };

describe('conda URIs', () => {
  it('are conda:// plus a sha256, independent of match spec order and spacing', () => {
    expect(condaUri(base)).toMatch(/^conda:\/\/[0-9a-f]{64}$/);
    expect(condaUri({ ...base, matchSpecs: ['b  >=1', 'a'] })).toBe(condaUri(base));
  });

  it.each([
    ['version', { version: '0.2.0' }],
    ['engine', { engine: 'external:micromamba' }],
    ['platform', { subdir: 'linux-aarch64' }],
    ['channels', { channels: ['http://127.0.0.1:1/other'] }],
    ['channel order', { channels: ['http://x/1', 'http://x/2'] }],
    ['pip section', { pip: ['six'] }],
  ])('change with the %s', (what, change: Partial<typeof base>) => {
    const other = { ...base, ...change };
    const reference = what === 'channel order' ? { ...base, channels: ['http://x/2', 'http://x/1'] } : base;
    expect(condaUri(other)).not.toBe(condaUri(reference));
  });
});

describe('channels', () => {
  it('resolve names under the alias, keep URLs, drop nodefaults, fall back to the defaults', () => {
    const defaults = { defaultChannels: ['conda-forge'], channelAlias: 'https://conda.example/' };
    expect(channelUrls(['bioconda', 'http://127.0.0.1:9/local/', 'nodefaults'], defaults)).toEqual(['https://conda.example/bioconda', 'http://127.0.0.1:9/local']);
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
    expect(text).toBe(`# conda environment locked by runtime-env\n@EXPLICIT\nhttp://127.0.0.1:1/c/noarch/a-1-h0.conda#sha256:${'a'.repeat(64)}\n# pip: six==1.16.0\n`);
  });
});
