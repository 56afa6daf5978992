import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/document/canonical-json.js';
import { environmentIdOf } from '../../src/document/environment-id.js';

describe('canonical JSON and environment identity', () => {
  it('is independent of key order and formatting', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(environmentIdOf({ pip: ['a'], env_vars: { X: '1', Y: '2' } }, ['pip://1'])).toBe(
      environmentIdOf(JSON.parse('{ "env_vars": {"Y":"2","X":"1"},  "pip": ["a"] }'), ['pip://1']),
    );
  });

  it('changes when the document or the content behind its URIs changes', () => {
    const base = environmentIdOf({ pip: ['a'] }, ['pip://1']);
    expect(environmentIdOf({ pip: ['b'] }, ['pip://1'])).not.toBe(base);
    expect(environmentIdOf({ pip: ['a'] }, ['pip://2'])).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{32}$/);
  });
});
