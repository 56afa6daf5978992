import { describe, expect, it } from 'vitest';
import type { EnvironmentRecord } from '@runtime-env/core';
import { findEnvironment } from '../src/local/find-environment.js';

const ids = ['aa11', 'aa22', 'b333'];
const records = ids.map((id) => ({ id }) as EnvironmentRecord);
const manager = {
  getEnvironment: (id: string) => records.find((record) => record.id === id),
  listEnvironments: () => records,
};

describe('findEnvironment', () => {
  it('finds by full id or unique prefix', () => {
    expect(findEnvironment(manager, 'aa22').id).toBe('aa22');
    expect(findEnvironment(manager, 'b').id).toBe('b333');
  });

  it('refuses an ambiguous prefix, listing the matches', () => {
    expect(() => findEnvironment(manager, 'aa')).toThrowError(/"aa" matches 2 environments \(aa11, aa22\)/);
  });

  it('reports an unknown id as not found', () => {
    try {
      findEnvironment(manager, 'zz');
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('environment_not_found');
    }
    expect(() => findEnvironment(manager, '')).toThrowError(/no environment/);
  });
});
