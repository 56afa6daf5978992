import { describePluginConformance } from '@runtime-env/testkit';
import envVarsPlugin from '../src/index.js';

describePluginConformance({
  plugin: envVarsPlugin,
  validSpecs: [
    { title: 'a dictionary of strings', spec: { LOG_LEVEL: 'debug', PORT: '8080' } },
    { title: 'a value referencing another variable', spec: { PATH: '/opt/tool/bin:${PATH}' } },
    { title: 'an empty value', spec: { EMPTY: '' } },
    { title: 'an empty dictionary (dropped, as in Ray)', spec: {} },
  ],
  invalidSpecs: [
    { title: 'a list', spec: ['A=1'], message: /expected a dictionary/ },
    { title: 'a string', spec: 'A=1', message: /expected a dictionary/ },
    { title: 'a number value', spec: { PORT: 8080 }, message: /"PORT" must be a string, got a number/ },
    { title: 'a boolean value', spec: { DEBUG: true }, message: /"DEBUG" must be a string, got a boolean/ },
    { title: 'a null value', spec: { TOKEN: null }, message: /"TOKEN" must be a string, got null/ },
    { title: 'an empty name', spec: { '': 'x' }, message: /must not be empty/ },
    { title: 'a name with "="', spec: { 'A=B': 'x' }, message: /contains "="/ },
    { title: 'a name with NUL', spec: { 'A\0B': 'x' }, message: /NUL/ },
  ],
  createSpec: { spec: { API_TOKEN: 'conformance-secret-value-1', LOG_LEVEL: 'debug' } },
  otherSpec: { spec: { LOG_LEVEL: 'info' } },
});
