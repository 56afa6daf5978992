// One pack in a fresh process, as `rtenv run` does it: prints how long packing took
// inside the process (startup excluded), and whether it had to read or upload. It
// loads the built package, as the CLI does, so lazy imports cost what they cost users.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type PluginModule = typeof import('../src/index.js');
const builtEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist/index.js');
const { LocalPackageStore, packDirectory, rayDefaultExcludes } = (await import(builtEntry)) as PluginModule;

const [directory, storeDirectory, pluginDirectory] = process.argv.slice(2) as [string, string, string];
const started = performance.now();
const result = await packDirectory(directory, {
  store: new LocalPackageStore(storeDirectory),
  digestCacheDirectory: path.join(pluginDirectory, 'digest-cache'),
  sealDirectory: path.join(pluginDirectory, 'package-seals'),
  defaultExcludes: [...rayDefaultExcludes],
  // The 1 GiB tree is over the default cap on purpose.
  maxPackageBytes: 4 * 1024 * 1024 * 1024,
});
const milliseconds = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ milliseconds, uploaded: result.uploaded, filesRead: result.filesRead, uri: result.uri, fileCount: result.fileCount })}\n`,
);
