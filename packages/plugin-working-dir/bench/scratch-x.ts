import { rmSync } from 'node:fs';
import { extractArchive } from '../src/index.js';
rmSync('/tmp/wdprof/x', { recursive: true, force: true });
const s = performance.now();
await extractArchive(process.argv[2]!, '/tmp/wdprof/x', { digestContents: false, limits: { maxEntries: 1e6, maxExtractedBytes: 1e12, maxCompressionRatio: 200 } });
console.log('extract', (performance.now() - s).toFixed(0));
