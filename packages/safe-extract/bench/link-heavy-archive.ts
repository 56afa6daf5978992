// Extraction of a link-heavy archive (a node_modules-like tree: 2,000 files and
// 2,000 symlinks, chains included) against `tar -xf` of the same file, interleaved
// round after round; prints medians and the ratio. Links are what the safe path
// checks most: each folder on a link's way is lstat-ed, then every link resolved.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordBenchFigures } from '@runtime-env/tooling/bench';
import { extractArchive } from '../src/index.js';
import { writeRawTar, type RawEntry } from '../test/support/archive-writers.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const root = mkdtempSync(path.join(os.tmpdir(), 'safe-extract-bench-'));
const entries: RawEntry[] = [];
for (let index = 0; index < 2000; index += 1) {
  const folder = `lib/pkg${index % 100}/sub${index % 7}`;
  entries.push({ kind: 'file', name: `${folder}/file${index}.js`, content: Buffer.alloc(2048, index % 251) });
  // A link to a file in another package, and every tenth a link to a link.
  entries.push({ kind: 'symlink', name: `bin/link${index}`, target: index % 10 === 0 && index > 0 ? `link${index - 1}` : `../${folder}/file${index}.js` });
}
const archive = path.join(root, 'links.tar');
writeFileSync(archive, writeRawTar(entries));
const limits = { maxEntries: 1e6, maxExtractedBytes: 1e10, maxCompressionRatio: 1e6 };

const timings = { safeExtract: [] as number[], tar: [] as number[] };
for (let round = 0; round < rounds; round += 1) {
  const ours = path.join(root, `ours-${round}`);
  let started = performance.now();
  await extractArchive(archive, ours, { limits, digestContents: false });
  timings.safeExtract.push(performance.now() - started);
  const theirs = path.join(root, `tar-${round}`);
  execFileSync('mkdir', [theirs]);
  started = performance.now();
  execFileSync('tar', ['-xf', archive, '-C', theirs]);
  timings.tar.push(performance.now() - started);
  rmSync(ours, { recursive: true });
  rmSync(theirs, { recursive: true });
}
rmSync(root, { recursive: true, force: true });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`link-heavy archive (2,000 files + 2,000 symlinks), ${rounds} rounds, medians:`);
console.log(
  `  extractArchive ${median(timings.safeExtract).toFixed(1)} ms, tar -xf ${median(timings.tar).toFixed(1)} ms, ratio ${(median(timings.safeExtract) / median(timings.tar)).toFixed(2)}x`,
);
recordBenchFigures('safe-extract', [
  { name: 'link-heavy archive / extractArchive', value: median(timings.safeExtract), unit: 'ms' },
  { name: 'link-heavy archive / tar -xf', value: median(timings.tar), unit: 'ms' },
  { name: 'link-heavy archive / ratio', value: median(timings.safeExtract) / median(timings.tar), unit: 'x' },
]);
