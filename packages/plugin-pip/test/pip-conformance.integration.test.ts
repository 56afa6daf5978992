import type { PythonIndex } from '@runtime-env/testkit';
import { describePluginConformance } from '@runtime-env/testkit';
import { pipPlugin } from '../src/index.js';
import { startFixtureIndex } from './helpers/fixture-index.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';

isolatePipFromMachineConfig();

let index: PythonIndex | undefined;
const fromIndex = (packages: string[]) => () => ({ spec: { packages, pip_install_options: ['--index-url', (index as PythonIndex).url] } });

describePluginConformance({
  plugin: pipPlugin,
  options: {},
  setup: async () => {
    index = await startFixtureIndex();
    return () => index?.close();
  },
  validSpecs: [
    { title: 'a list of requirements', spec: ['requests', 'tabulate==0.9.0'] },
    { title: 'an empty list (dropped, as in Ray)', spec: [] },
    { title: 'the object form', spec: { packages: ['six'], pip_check: true, pip_version: '==23.2.1', pip_install_options: ['--no-deps'] } },
  ],
  invalidSpecs: [
    { title: 'a number', spec: 3, message: /must be a list of requirement strings, a requirements-file path, or an object/ },
    { title: 'a missing requirements file', spec: 'no-such-file.txt', message: /is not a valid file/ },
    { title: 'an unknown key', spec: { packages: ['six'], pip_checks: true }, message: /unknown key "pip_checks"/ },
    { title: 'no packages', spec: { pip_check: true }, message: /needs "packages"/ },
    { title: 'pip_check not a boolean', spec: { packages: ['six'], pip_check: 1 }, message: /expected a boolean/ },
    { title: 'a non-string requirement', spec: ['six', 2], message: /each requirement must be a string/ },
    { title: 'an install option that escapes the environment', spec: { packages: ['six'], pip_install_options: ['--user'] }, message: /would install outside/ },
  ],
  createSpec: fromIndex(['fixture-app']),
  otherSpec: fromIndex(['fixture-lib==1.0.0']),
  abortSpec: fromIndex(['slow-package']),
});
