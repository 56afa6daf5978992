import { afterAll, beforeAll, describe, it } from 'vitest';
import type { TemporaryDirectory } from '../helpers/temporary-data-directory.js';
import { recordConsoleWrites } from './console-guard.js';
import { checkCreateConfined, checkNoProcessLeft, checkQuietAndSecretFree } from './check-create.js';
import { checkDeleteFrees } from './check-delete.js';
import { checkModifyContextIdempotent } from './check-modify-context.js';
import { checkReportedSizes } from './check-size.js';
import { ConformanceFailure } from './conformance-failure.js';
import { observeCreate, type CreateObservation } from './observe-create.js';
import type { PluginHarness } from './plugin-harness.js';
import type { SuiteState } from './suite-state.js';

/**
 * One `create` of createSpec, observed once, then each promise checked in its own
 * test; `delete` comes last because it undoes what the others look at.
 */
export function describeCreateChecks(suite: SuiteState): void {
  const { plugin, spec } = suite;
  if (!plugin.create) {
    describeModifyContextWithoutCreate(suite);
    return;
  }
  describe('create', () => {
    let harness: PluginHarness;
    let directory: TemporaryDirectory;
    let observation: CreateObservation;
    beforeAll(async () => {
      ({ harness, directory } = await suite.openHarness());
      observation = await observeCreate(harness, suite.normalized(harness, 'createSpec'));
    });
    afterAll(() => directory?.remove());

    it('writes only inside its directory and the plugin directory', () => checkCreateConfined(harness, observation));
    it('writes nothing to the console and no env_vars value to its log', () => checkQuietAndSecretFree(harness, observation));
    it('leaves no process running', () => checkNoProcessLeft(harness));
    if (spec.skip?.size) it.skip(`reports the size it uses on disk (skipped: ${spec.skip.size})`, () => {});
    else it('reports the size it uses on disk', () => checkReportedSizes(harness, observation.created));
    it('modifyContext is idempotent and keeps the context JSON', async () => {
      const { consoleWrites } = await recordConsoleWrites(() => checkModifyContextIdempotent(harness, observation.normalized, observation.created));
      checkNoConsoleWrites(plugin.name, consoleWrites);
    });
    if (spec.skip?.delete) it.skip(`delete frees what create made and reports it (skipped: ${spec.skip.delete})`, () => {});
    else it('delete frees what create made and reports it', () => checkDeleteFrees(harness, observation));
  });
}

function describeModifyContextWithoutCreate(suite: SuiteState): void {
  describe('modifyContext', () => {
    let harness: PluginHarness;
    let directory: TemporaryDirectory;
    beforeAll(async () => {
      ({ harness, directory } = await suite.openHarness());
    });
    afterAll(() => directory?.remove());

    it('is idempotent, keeps the context JSON and writes nothing to the console', async () => {
      const { consoleWrites } = await recordConsoleWrites(() => checkModifyContextIdempotent(harness, suite.normalized(harness, 'createSpec'), []));
      checkNoConsoleWrites(suite.plugin.name, consoleWrites);
    });
  });
}

function checkNoConsoleWrites(plugin: string, consoleWrites: readonly string[]): void {
  if (consoleWrites.length > 0)
    throw new ConformanceFailure(plugin, 'never writes to the console', `wrote ${JSON.stringify(consoleWrites.slice(0, 3))}`, 'log through ctx.logger');
}
