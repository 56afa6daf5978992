// Shared test settings. The "source" condition makes workspace packages resolve
// to their TypeScript sources, so tests never depend on a stale build.
// "import" and "default" are not listed: Vite applies them by itself, and vitest
// hands this list to Node as --conditions, where "import" would make a CommonJS
// `require` of a dual package (yazl's buffer-crc32) load its ES module build.
const conditions = ['source', 'module', 'node'];

/** @param {import('vitest/config').ViteUserConfig['test']} [test] */
export function packageTests(test = {}) {
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['source'] } },
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
