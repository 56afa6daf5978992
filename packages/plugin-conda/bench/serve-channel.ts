// Serves a channel directory from its own process, so the benchmark's server does not
// share an event loop with the installer it measures. Prints the URL, then serves until killed.
import { serveCondaChannel } from '@runtime-env/testkit';

const directory = process.argv[2];
if (!directory) throw new Error('usage: serve-channel.ts DIRECTORY');
const served = await serveCondaChannel(directory);
console.log(served.url);
