// Builds the test kit's sample conda channel (python borrowing this machine's
// interpreter, noarch python, binaries) in argv[2] and serves it on loopback;
// prints {"url": ...} once it answers, and serves until stdin closes.
import { buildCondaChannel, ensureCondaChannelBuildTools, sampleCondaPackages, serveCondaChannel } from '@runtime-env/testkit';

ensureCondaChannelBuildTools();
await buildCondaChannel(process.argv[2], await sampleCondaPackages());
const served = await serveCondaChannel(process.argv[2]);
process.stdout.write(`${JSON.stringify({ url: served.url })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await served.close();
  process.exit(0);
});
