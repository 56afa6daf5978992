import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as pluginApi from '@runtime-env/plugin-api';
import * as pluginEntry from '../src/plugin/index.js';

describe('@runtime-env/core/plugin', () => {
  it('re-exports every value of the plugin API (the list is written out; this keeps it whole)', () => {
    const missing = Object.keys(pluginApi).filter((name) => !(name in pluginEntry));
    expect(missing).toEqual([]);
  });

  it('is built with the names written out, not a star re-export a split build drops', () => {
    expect(readFileSync(new URL('../src/plugin/index.ts', import.meta.url), 'utf8')).not.toMatch(/^export \* from '@runtime-env\/plugin-api'/m);
  });
});
