import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig([
  packageBuild({ index: 'src/index.ts', bin: 'src/bin.ts' }),
  // One file, shared with no other entry: `runRtenv` loads it for `rtenv run` before
  // anything else, and on a cached run each extra module file costs about a millisecond.
  // The error classes and document checks it shares with the engine's path are bundled in
  // too (two copies agree: errors carry a global marker); the core's light entry stays
  // apart, since it finds better-sqlite3 from the core's own folder.
  packageBuild(
    { 'fast-path': 'src/fast-path/run-on-fast-path.ts' },
    { splitting: false, dts: false, noExternal: ['@runtime-env/core/plugin', '@runtime-env/plugin-api'] },
  ),
]);
