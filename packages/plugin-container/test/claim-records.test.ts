import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetClaim, hasLiveClaimer, recordClaim } from '../src/standby/claim-records.js';

describe('claim records', () => {
  let pluginDirectory: string;

  beforeEach(() => {
    pluginDirectory = mkdtempSync(join(tmpdir(), 'rtenv-claim-records-'));
  });
  afterEach(() => rmSync(pluginDirectory, { recursive: true, force: true }));

  it('keep the claim of the launch that won while another launch of the same process gives its attempt up', () => {
    // Two launches in one process try the same standby; the one whose rename failed forgets its attempt first.
    recordClaim(pluginDirectory, 'container-a');
    recordClaim(pluginDirectory, 'container-a');
    forgetClaim(pluginDirectory, 'container-a');
    expect(hasLiveClaimer(pluginDirectory, 'container-a')).toBe(true);
    forgetClaim(pluginDirectory, 'container-a');
    expect(hasLiveClaimer(pluginDirectory, 'container-a')).toBe(false);
    expect(readdirSync(join(pluginDirectory, 'standby-claims'))).toEqual([]);
  });
});
