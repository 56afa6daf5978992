import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig([
  packageBuild({ index: 'src/index.ts', 'plugin/index': 'src/plugin/index.ts' }),
  // One file, shared with no other entry: a cached `rtenv run` loads it and
  // better-sqlite3, and each extra module file costs it about a millisecond.
  // The plugin API is bundled in too (two copies agree: errors carry a global marker,
  // the local-path base sits on a global symbol).
  packageBuild({ 'cached-run/index': 'src/cached-run/index.ts' }, { splitting: false, noExternal: ['@runtime-env/plugin-api'] }),
]);
