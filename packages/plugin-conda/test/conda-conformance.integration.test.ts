import { describePluginConformance } from '@runtime-env/testkit';
import { tmpdir } from 'node:os';
import condaPlugin from '../src/index.js';
import { startSampleChannel, type SampleChannel } from './support/sample-channel.js';

let channel: SampleChannel;
let stalledChannel: SampleChannel;

describePluginConformance({
  plugin: condaPlugin,
  options: { engine: 'embedded' },
  setup: async () => {
    channel = await startSampleChannel();
    stalledChannel = await startSampleChannel({ stallArchives: true });
    return async () => {
      await channel.close();
      await stalledChannel.close();
    };
  },
  validSpecs: [
    { title: 'an environment name', spec: 'my-env' },
    { title: 'an existing prefix', spec: tmpdir() },
    { title: 'an environment object', spec: { channels: ['conda-forge'], dependencies: ['python=3.11', { pip: ['requests'] }] } },
  ],
  invalidSpecs: [
    { title: 'a number', spec: 3, message: /conda must be an environment name/ },
    { title: 'a list', spec: ['numpy'], message: /got a list/ },
    { title: 'a missing YAML file', spec: '/no/such/environment.yml', message: /does not exist/ },
    { title: 'a missing prefix', spec: '/no/such/prefix', message: /not an existing directory/ },
    { title: 'no dependencies', spec: { channels: ['conda-forge'] }, message: /dependencies/ },
    { title: 'an unknown key', spec: { dependencies: ['x'], extra: true }, message: /unknown key/ },
  ],
  createSpec: () => ({ spec: { channels: [channel.url], dependencies: ['hello-text', 'python'] } }),
  otherSpec: () => ({ spec: { channels: [channel.url], dependencies: ['hello-binary'] } }),
  abortSpec: () => ({ spec: { channels: [stalledChannel.url], dependencies: ['hello-text'] } }),
});
