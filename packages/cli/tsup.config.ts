import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig([
  packageBuild({ index: 'src/index.ts', bin: 'src/bin.ts' }),
  // One file, shared with no other entry: `bin` loads it for `rtenv run` before
  // anything else, and on a cached run each extra module file costs about a millisecond.
  // import-meta-resolve (how plugin entries are fingerprinted) is bundled in for the
  // same reason: loaded as its own six files it added about 10 ms to a cached run.
  packageBuild({ 'run-recorded-document': 'src/run-recorded-document.ts' }, { splitting: false, dts: false, noExternal: ['import-meta-resolve'] }),
]);
