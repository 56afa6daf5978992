// Stores one installed distribution, as `create` does at its end, in a process of
// its own so a test can kill it with SIGKILL in the middle.
// Usage: store-in-child.ts <pluginDirectory> <venv> <entry identity as JSON>
import { join } from 'node:path';
import { storeDistribution } from '../../src/store/store-distribution.js';
import { storeLayout } from '../../src/store/store-layout.js';

const [pluginDirectory, venv, identity] = process.argv.slice(2) as [string, string, string];
const result = await storeDistribution({
  layout: storeLayout(pluginDirectory),
  identity: JSON.parse(identity),
  venv,
  python: join(venv, 'bin', 'python'),
  signal: new AbortController().signal,
});
process.stdout.write(`${JSON.stringify(result)}\n`);
