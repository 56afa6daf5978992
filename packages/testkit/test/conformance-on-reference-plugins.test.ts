// The suite run against two plugins that keep the contract: one that creates
// nothing (env_vars) and one that creates a directory, runs a child process and
// can be aborted (the example `files` plugin). Imported by path rather than as
// dependencies, which would make the workspace graph cyclic (both test with this kit).
import { describePluginConformance } from '../src/index.js';
import envVarsPlugin from '../../plugin-env-vars/src/index.js';
import filesPlugin from '../../../examples/example-plugin/src/index.js';

describePluginConformance({
  plugin: () => envVarsPlugin,
  validSpecs: [{ title: 'a dictionary of strings', spec: { A: '1' } }],
  invalidSpecs: [{ title: 'a number value', spec: { A: 1 }, message: /"A" must be a string/ }],
  createSpec: { spec: { TOKEN: 'testkit-secret-value' } },
  otherSpec: { spec: { TOKEN: 'another-value' } },
});

describePluginConformance({
  plugin: filesPlugin,
  options: { directoryVariable: 'TOOL_FILES' },
  validSpecs: [{ title: 'the short form', spec: { 'a.txt': 'a' } }],
  invalidSpecs: [{ title: 'an absolute path', spec: { '/a': 'a' }, message: 'relative path' }],
  createSpec: () => ({
    spec: { 'bin/tool': '#!/bin/sh\necho tool\n', 'data.txt': 'x'.repeat(100_000) },
    runtimeEnv: { env_vars: { SECRET: 'files-secret-value' } },
  }),
  otherSpec: { spec: { 'a.txt': 'b' } },
  abortSpec: { spec: { contents: { 'slow.sh': 'sleep 20\n' }, run: [['sh', 'slow.sh']] } },
  alongside: [envVarsPlugin],
});
