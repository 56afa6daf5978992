import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDatabase } from '../../src/engine/store/state-database.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

// This file imports no better-sqlite3 of its own: vitest runs each test file in its own module registry.
describe('opening the state database', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    directory = temporaryDirectory('rtenv-addon-');
  });
  afterEach(() => directory.remove());

  it("names better-sqlite3's addon by path, so the bindings package and its folder search are never loaded", () => {
    const database = openStateDatabase(join(directory.path, 'state.sqlite'));
    try {
      expect(database.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      expect(loaded.some((file) => file.endsWith('better_sqlite3.node'))).toBe(true);
      expect(loaded.filter((file) => /[\\/]bindings[\\/]/.test(file))).toEqual([]);
    } finally {
      database.close();
    }
  });
});
