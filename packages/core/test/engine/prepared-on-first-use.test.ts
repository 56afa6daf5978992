import { describe, expect, it } from 'vitest';
import { preparedOnFirstUse } from '../../src/engine/store/prepared-on-first-use.js';

describe('preparedOnFirstUse', () => {
  it('prepares each statement on its first use, once, and none that is never used', () => {
    const prepared: string[] = [];
    const statements = preparedOnFirstUse({
      get: () => {
        prepared.push('get');
        return { sql: 'SELECT 1' };
      },
      put: () => {
        prepared.push('put');
        return { sql: 'INSERT' };
      },
    });
    expect(prepared).toEqual([]);
    const first = statements.get;
    expect(statements.get).toBe(first);
    expect(first).toEqual({ sql: 'SELECT 1' });
    expect(prepared).toEqual(['get']);
    expect(Object.keys(statements)).toEqual(['get', 'put']);
  });
});
