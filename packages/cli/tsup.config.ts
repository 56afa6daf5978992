import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig([
  packageBuild({ index: 'src/index.ts', bin: 'src/bin.ts' }),
  // One file, shared with no other entry: `runRtenv` loads it for `rtenv run` before
  // anything else, and on a cached run each extra module file costs about a millisecond.
  packageBuild({ 'fast-path': 'src/fast-path/run-on-fast-path.ts' }, { splitting: false, dts: false }),
]);
