// Shared build settings: every package spreads these and names only its entries.
// `clean` stays off because several builds may run at once in one checkout and a
// cleaning build would delete files another build's tests are reading.
/** @param {Record<string, string>} entry @param {Partial<import('tsup').Options>} [overrides] */
export function packageBuild(entry, overrides = {}) {
  return {
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: false,
    splitting: true,
    treeshake: false,
    ...overrides,
  };
}
