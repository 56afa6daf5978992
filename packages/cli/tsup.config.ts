import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig([
  packageBuild({ index: 'src/index.ts', bin: 'src/bin.ts' }),
  // One file, shared with no other entry: `runRtenv` loads it for `rtenv run` before
  // anything else, and on a cached run each extra module file (and each package it
  // resolves) costs about a millisecond. The core's light entry, the error classes and
  // document checks it shares with the engine's path are bundled in too (two copies
  // agree: errors carry a global marker; the records' formats carry their version).
  packageBuild(
    { 'fast-path': 'src/fast-path/run-on-fast-path.ts' },
    { splitting: false, dts: false, noExternal: ['@runtime-env/core/plugin', '@runtime-env/core/fast-path', '@runtime-env/plugin-api'] },
  ),
  // `rtenv pack`'s fast path, likewise one file; the working_dir plugin's `./pack-check` stays
  // its own file, which the record holds for.
  packageBuild(
    { 'pack-fast-path': 'src/fast-path/pack-on-fast-path.ts' },
    { splitting: false, dts: false, noExternal: ['@runtime-env/core/plugin', '@runtime-env/core/fast-path', '@runtime-env/plugin-api'] },
  ),
]);
