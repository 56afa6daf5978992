// One pack in a fresh process, as `rtenv run` does it: prints how long packing took
// inside the process (startup excluded), and whether it had to read or upload.
import { LocalPackageStore, packDirectory, rayDefaultExcludes } from '../src/index.js';

const [directory, storeDirectory, cacheDirectory] = process.argv.slice(2) as [string, string, string];
const started = performance.now();
const result = await packDirectory(directory, {
  store: new LocalPackageStore(storeDirectory),
  digestCacheDirectory: cacheDirectory,
  defaultExcludes: [...rayDefaultExcludes],
  // The 1 GiB tree is over the default cap on purpose.
  maxPackageBytes: 4 * 1024 * 1024 * 1024,
});
process.stdout.write(`${JSON.stringify({ milliseconds: performance.now() - started, uploaded: result.uploaded, filesRead: result.filesRead, uri: result.uri, fileCount: result.fileCount, totalBytes: result.totalBytes })}\n`);
