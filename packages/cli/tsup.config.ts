import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

/**
 * What a cached `rtenv run` loads is CommonJS (`bin.cjs`, then `fast-path.cjs`): an
 * ES module entry makes Node set up its ES module loader first, about 5 ms of every
 * command. Everything else is ES modules, loaded by `runRtenv` on demand.
 */
const commonJs: Options = { format: ['cjs'], splitting: false, dts: false, shims: true };

export default defineConfig([
  // `main` and `version-and-help` are entries of their own: `runRtenv` imports them by a
  // computed URL (from the CommonJS binary too), so they need stable names.
  packageBuild({ index: 'src/index.ts', main: 'src/main.ts', 'version-and-help': 'src/version-and-help.ts' }),
  // The binary with the router and the io built in.
  packageBuild({ bin: 'src/bin.ts' }, commonJs),
  // One file, shared with no other entry: `runRtenv` loads it for `rtenv run` before
  // anything else, and on a cached run each extra module file (and each package it
  // resolves) costs about a millisecond. The core's light entry, the error classes and
  // document checks it shares with the engine's path are bundled in too (two copies
  // agree: errors carry a global marker; the records' formats carry their version).
  packageBuild(
    { 'fast-path': 'src/fast-path/run-on-fast-path.ts' },
    { ...commonJs, noExternal: ['@runtime-env/core/plugin', '@runtime-env/core/fast-path', '@runtime-env/plugin-api'] },
  ),
  // `rtenv pack`'s fast path, likewise one file; the working_dir plugin's `./pack-check` stays
  // its own file, which the record holds for.
  packageBuild(
    { 'pack-fast-path': 'src/fast-path/pack-on-fast-path.ts' },
    { ...commonJs, noExternal: ['@runtime-env/core/plugin', '@runtime-env/core/fast-path', '@runtime-env/plugin-api'] },
  ),
]);
