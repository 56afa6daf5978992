import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256HexOfText } from '../../src/digest/text-digest.js';

const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A seeded generator (mulberry32): a failure names the text, and reruns see the same ones. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text of any length up to 300 code units: ASCII, any BMP unit (lone surrogates included) and astral characters. */
function randomText(random: () => number): string {
  const length = Math.floor(random() * 301);
  let text = '';
  while (text.length < length) {
    const kind = random();
    if (kind < 0.5) text += String.fromCharCode(32 + Math.floor(random() * 95));
    else if (kind < 0.85) text += String.fromCharCode(Math.floor(random() * 0x10000));
    else text += String.fromCodePoint(0x10000 + Math.floor(random() * 0x100000));
  }
  return text;
}

describe('sha256HexOfText', () => {
  it('gives the standard digests (FIPS 180-2 examples)', () => {
    expect(sha256HexOfText('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256HexOfText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256HexOfText('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on 2000 generated texts, so a record named by either is found by the other', () => {
    const random = randomSource(20261203);
    for (let run = 0; run < 2000; run += 1) {
      const text = randomText(random);
      // Lone surrogates become U+FFFD in both encoders; every length around the 64-byte block is covered.
      if (sha256HexOfText(text) !== nodeSha256(text)) expect({ run, text: JSON.stringify(text) }).toBe('a digest equal to node:crypto’s');
    }
  });
});
