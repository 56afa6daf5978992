import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }),
  // One file of its own, sharing no chunk: the fast path of `rtenv pack` imports it
  // alone (no zod, no schema) and records this file as one it trusts.
  packageBuild({ 'pack-check': 'src/packing/pack-check.ts' }, { splitting: false }),
]);
