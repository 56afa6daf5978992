// Shared test settings. The "source" condition makes workspace packages resolve
// to their TypeScript sources, so tests never depend on a stale build.
/** @param {import('vitest/config').ViteUserConfig['test']} [test] */
export function packageTests(test = {}) {
  return {
    resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
    ssr: { resolve: { conditions: ['source', 'module', 'node', 'import', 'default'], externalConditions: ['source'] } },
    test: {
      include: ['test/**/*.test.ts'],
      exclude: ['test/**/*.integration.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  };
}

/** Integration tests: real components, one file at a time to keep a 2-core machine calm. */
export function packageIntegrationTests(test = {}) {
  return packageTests({
    include: ['test/**/*.integration.test.ts'],
    exclude: [],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    ...test,
  });
}
