import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/document/canonical-json.js';

/** The recursive form canonical JSON had until it became iterative: environment ids depend on matching it byte for byte. */
function recursiveCanonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry !== undefined) sorted[key] = sortKeysDeep(entry);
  }
  return sorted;
}

function nested(depth: number): unknown {
  let value: unknown = '1';
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('canonicalJson', () => {
  it.each([
    ['scalars', [null, true, 0, -1.5, 1e21, 'text "quoted" \u2028 é \ud83d\ude00', Number.NaN, Number.POSITIVE_INFINITY]],
    ['keys out of order', { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, '': 'empty', '10': 'digits', '9': 'digits', '01': 'not an index' }],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": 1}, "env_vars": {"__proto__": "x", "A": "1"}}')],
    ['members JSON cannot hold', { kept: 1, gone: undefined, method: () => 1, list: [undefined, () => 1, Symbol('s')] }],
    ['empty containers', { object: {}, list: [], nested: [[], [{}]] }],
    // biome-ignore lint/suspicious/noSparseArray: the hole is what this case checks
    ['a list with holes', [1, , 3]],
  ])('writes %s as the recursive form did', (_name, value) => {
    expect(canonicalJson(value)).toBe(recursiveCanonicalJson(value));
  });

  it('writes the same text past the depth where it stops using JSON.stringify', () => {
    const tricky = JSON.parse('{"b":1,"a":{"10":[1,null,{"z":"é\\u2028"}],"9":true},"__proto__":{"x":1}}') as Record<string, unknown>;
    Object.assign(tricky, { gone: undefined, method: () => 1, list: [undefined, () => 1] });
    let wrapped: unknown = tricky;
    for (let level = 0; level < 300; level += 1) wrapped = [wrapped];
    expect(canonicalJson(wrapped)).toBe(`${'['.repeat(300)}${recursiveCanonicalJson(tricky)}${']'.repeat(300)}`);
  });

  it('writes a document nested 100,000 levels deep without overflowing the stack', () => {
    expect(canonicalJson(nested(100_000))).toBe(`${'[{"a":'.repeat(50_000)}"1"${'}]'.repeat(50_000)}`);
  });
});
