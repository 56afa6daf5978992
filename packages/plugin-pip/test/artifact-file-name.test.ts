import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactFileNameOf, fetchArtifact } from '../src/installer/wheel-source.js';

describe('the artifact cache file name taken from an index link', () => {
  it('is a plain name for a normal wheel link, decoded', () => {
    expect(artifactFileNameOf(new URL('https://index.example/files/tabulate-0.9.0-py3-none-any.whl#sha256=ab'))).toBe('tabulate-0.9.0-py3-none-any.whl');
    expect(artifactFileNameOf(new URL('https://index.example/files/a%2Bb-1.0-py3-none-any.whl'))).toBe('a+b-1.0-py3-none-any.whl');
  });

  it('refuses encoded separators, dot names and NUL', () => {
    for (const tail of ['..%2F..%2Fevil.whl', '..%5Cevil.whl', '%2E%2E', 'x%00.whl', '%2Fetc%2Fpasswd', '%E0%A4%A']) {
      expect(() => artifactFileNameOf(new URL(`https://index.example/files/${tail}`))).toThrow(/not a plain file name/);
    }
  });

  it('never yields a name that leaves its folder, for thousands of generated links', () => {
    const pieces = ['..', '.', '%2F', '%2f', '%5C', '%00', '%2E', 'a', 'b.whl', '/', '%25', '-'];
    // A fixed-seed generator (xorshift): the same 5,000 links on every run.
    let state = 0x2545f491;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
    let accepted = 0;
    for (let index = 0; index < 5_000; index += 1) {
      const tail = Array.from({ length: 1 + Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      let name: string;
      try {
        name = artifactFileNameOf(new URL(`https://index.example/files/${tail}`));
      } catch {
        continue;
      }
      accepted += 1;
      expect(join('/cache/ab/abcd', name).startsWith('/cache/ab/abcd/'), tail).toBe(true);
      expect(name, tail).not.toMatch(/[/\\\0]/);
    }
    // Plain names among them are accepted, so the check is not refusing everything.
    expect(accepted).toBeGreaterThan(100);
  });

  it('writes nothing outside the cache when a served link names a path', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rtenv-artifact-name-'));
    const cache = join(root, 'cache');
    const server = createServer((_request, response) => response.end('not a wheel'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(
        fetchArtifact({ url: `http://127.0.0.1:${port}/files/..%2F..%2F..%2Fescaped.whl`, cacheDirectory: cache, signal: new AbortController().signal }),
      ).rejects.toThrow(/not a plain file name/);
      expect(readdirSync(root)).toEqual([]);
    } finally {
      server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
