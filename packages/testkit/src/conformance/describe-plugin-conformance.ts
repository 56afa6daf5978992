import { afterAll, beforeAll, describe } from 'vitest';
import { describeAbortChecks, describeEndToEndChecks } from './describe-abort-and-end-to-end.js';
import { describeCreateChecks } from './describe-create.js';
import { describeHashChecks } from './describe-hash.js';
import { describeShapeAndSchemaChecks } from './describe-shape-and-schema.js';
import { resolvePlugin, type PluginConformanceSpec } from './conformance-spec.js';
import { createSuiteState } from './suite-state.js';

/**
 * Registers vitest tests that hold a plugin to every promise of the plugin
 * contract, against the real plugin, real temporary directories and real
 * processes, driving its hooks as the core does (no engine is loaded). Run it in
 * the plugin's package: its package.json gives the identity and `"./launch"` export.
 * Call it at the top level of a test file; see the test kit's README.
 */
export function describePluginConformance(spec: PluginConformanceSpec): void {
  const plugin = resolvePlugin(spec.plugin);
  describe(`plugin "${plugin.name}" conforms to the plugin contract v2`, () => {
    let teardown: (() => Promise<void> | void) | undefined;
    beforeAll(async () => {
      teardown = (await spec.setup?.()) ?? undefined;
    });
    afterAll(async () => {
      await teardown?.();
    });
    const suite = createSuiteState(spec, plugin);
    describeShapeAndSchemaChecks(suite);
    describeHashChecks(suite);
    describeCreateChecks(suite);
    describeAbortChecks(suite);
    describeEndToEndChecks(suite);
  });
}
