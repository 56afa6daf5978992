import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }),
  // Its own build: with code splitting, esbuild drops an entry's `export * from` an
  // external package (here the whole plugin API) when another entry imports that entry.
  packageBuild({ 'plugin/index': 'src/plugin/index.ts' }, { splitting: false }),
  // One file, shared with no other entry: the fast path of `rtenv run` loads it, and
  // each extra module file costs it about a millisecond. The plugin API is bundled in
  // too (two copies agree: errors carry a global marker, the local-path base sits on a
  // global symbol); @noble/hashes, a development dependency, is bundled into every entry.
  packageBuild({ 'fast-path/index': 'src/fast-path/index.ts' }, { splitting: false, noExternal: ['@runtime-env/plugin-api'] }),
]);
