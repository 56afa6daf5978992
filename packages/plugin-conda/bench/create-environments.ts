// Benchmark: create a ~10-package conda environment with the embedded engine, then a
// second, overlapping one. Baselines measured in the same run: the first creation
// (the second should be >= 5x faster, mostly hardlinks) and `cp -a` of the first
// prefix (what any copy-based installer pays at least). Prints medians of N rounds.
import { recordBenchFigures } from '@runtime-env/tooling/bench';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCondaChannel, ensureCondaChannelBuildTools, fillerCondaPackages, sampleCondaPackages } from '@runtime-env/testkit';
import { uniqueDiskBytes } from '../src/disk-usage.js';
import { createDirectly } from '../test/support/create-environment.js';
import { makeTestHookContexts } from '../test/support/hook-context.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const fillerBytes = 2 * 1024 * 1024;

ensureCondaChannelBuildTools();
const channelDirectory = await mkdtemp(join(tmpdir(), 'conda-bench-channel-'));
await buildCondaChannel(channelDirectory, [...(await sampleCondaPackages()), ...fillerCondaPackages(5, fillerBytes)]);
const server = spawn(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', fileURLToPath(new URL('serve-channel.ts', import.meta.url)), channelDirectory],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [firstOutput] = (await once(server.stdout, 'data')) as [Buffer];
const channel = { url: firstOutput.toString().trim() };
const firstDependencies = ['python', 'pip', 'greet-py', 'hello-text', 'hello-binary', 'filler-0', 'filler-1', 'filler-2', 'filler-3'];
const secondDependencies = ['python', 'pip', 'greet-py', 'hello-text', 'hello-binary', 'filler-0', 'filler-1', 'filler-2', 'filler-4'];
// A third environment overlapping the first two with nothing new to download: the pure hardlink path.
const thirdDependencies = ['python', 'pip', 'greet-py', 'hello-text', 'hello-binary', 'filler-0', 'filler-1', 'filler-3', 'filler-4'];

interface Round {
  firstMs: number;
  solveMs: number;
  downloadMs: number;
  linkMs: number;
  copyBaselineMs: number;
  secondMs: number;
  thirdMs: number;
  secondSolveMs: number;
  secondDownloadMs: number;
  secondLinkMs: number;
  secondHardlinked: number;
  secondCopied: number;
  packages: number;
  downloadedBytes: number;
  firstBytes: number;
  cacheBytes: number;
  secondBytes: number;
  bothBytes: number;
}

const results: Round[] = [];
for (let round = 0; round < rounds; round += 1) {
  const contexts = await makeTestHookContexts();
  let start = performance.now();
  const first = await createDirectly(contexts, { channels: [channel.url], dependencies: firstDependencies }, 'first');
  const firstMs = performance.now() - start;
  start = performance.now();
  execFileSync('cp', ['-a', first.directory, join(contexts.root, 'copy-baseline')]);
  const copyBaselineMs = performance.now() - start;
  start = performance.now();
  const second = await createDirectly(contexts, { channels: [channel.url], dependencies: secondDependencies }, 'second');
  const secondMs = performance.now() - start;
  start = performance.now();
  await createDirectly(contexts, { channels: [channel.url], dependencies: thirdDependencies }, 'third');
  const thirdMs = performance.now() - start;
  const details = (created: typeof first) => created.result.details as Record<string, number>;
  const firstAlone = await uniqueDiskBytes([first.directory]);
  const secondAlone = await uniqueDiskBytes([second.directory]);
  const both = await uniqueDiskBytes([first.directory, second.directory, join(contexts.pluginDirectory, 'pkgs')]);
  results.push({
    firstMs,
    solveMs: details(first).solveMs ?? 0,
    downloadMs: details(first).downloadMs ?? 0,
    linkMs: details(first).linkMs ?? 0,
    copyBaselineMs,
    secondMs,
    thirdMs,
    secondSolveMs: details(second).solveMs ?? 0,
    secondDownloadMs: details(second).downloadMs ?? 0,
    secondLinkMs: details(second).linkMs ?? 0,
    secondHardlinked: details(second).hardlinked ?? 0,
    secondCopied: details(second).copied ?? 0,
    packages: first.result.lock?.length ?? 0,
    downloadedBytes: details(first).downloadedBytes ?? 0,
    firstBytes: firstAlone.bytes,
    cacheBytes: (await uniqueDiskBytes([join(contexts.pluginDirectory, 'pkgs')])).bytes,
    secondBytes: secondAlone.bytes,
    bothBytes: both.bytes,
  });
  await contexts.remove();
  await mkdir(contexts.root, { recursive: true }).then(() => rm(contexts.root, { recursive: true, force: true }));
}
server.kill();
await rm(channelDirectory, { recursive: true, force: true });

const median = (pick: (round: Round) => number) => {
  const values = results.map(pick).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
};
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const firstMs = median((round) => round.firstMs);
const secondMs = median((round) => round.secondMs);
const copyMs = median((round) => round.copyBaselineMs);
const rows: [string, string, string][] = [
  ['packages in the first environment', String(median((round) => round.packages)), ''],
  ['downloaded for the first', mib(median((round) => round.downloadedBytes)), ''],
  ['first environment, total (baseline)', ms(firstMs), '1.00x'],
  ['  solve (rattler, WASM)', ms(median((round) => round.solveMs)), ''],
  ['  download + verify + extract', ms(median((round) => round.downloadMs)), ''],
  ['  link', ms(median((round) => round.linkMs)), ''],
  ['second, overlapping environment', ms(secondMs), `${(firstMs / secondMs).toFixed(2)}x faster than the first`],
  ['  solve', ms(median((round) => round.secondSolveMs)), ''],
  ['  download (1 new package) + verify + extract', ms(median((round) => round.secondDownloadMs)), ''],
  ['  link', ms(median((round) => round.secondLinkMs)), ''],
  [
    'third, overlapping, nothing to download',
    ms(median((round) => round.thirdMs)),
    `${(firstMs / median((round) => round.thirdMs)).toFixed(2)}x faster than the first`,
  ],
  ['  (second) files hardlinked / copied', `${median((round) => round.secondHardlinked)} / ${median((round) => round.secondCopied)}`, ''],
  ['cp -a of the first prefix (copy baseline)', ms(copyMs), `second is ${(copyMs / secondMs).toFixed(2)}x the speed of a plain copy`],
  ['disk: first prefix alone', mib(median((round) => round.firstBytes)), ''],
  ['disk: second prefix alone', mib(median((round) => round.secondBytes)), ''],
  ['disk: both prefixes + package cache, inodes once', mib(median((round) => round.bothBytes)), ''],
  ['disk: package cache alone', mib(median((round) => round.cacheBytes)), ''],
  [
    'disk: the same three counted separately (no sharing)',
    mib(median((round) => round.firstBytes + round.secondBytes + round.cacheBytes)),
    `shared layout uses ${(median((round) => round.bothBytes / (round.firstBytes + round.secondBytes + round.cacheBytes)) * 100).toFixed(0)}% of it`,
  ],
];
const width = Math.max(...rows.map((row) => row[0].length));
console.log(`plugin-conda embedded engine, median of ${rounds} rounds, ${new Date().toISOString()}`);
for (const [label, value, ratio] of rows) console.log(`${label.padEnd(width)}  ${value.padStart(12)}  ${ratio}`);
// Indented rows are parts of the row above them, and named after it.
let parentRow = '';
recordBenchFigures(
  'plugin-conda',
  rows.flatMap(([label, value]) => {
    if (!label.startsWith(' ')) parentRow = label;
    const name = label.startsWith(' ') ? `${parentRow} / ${label.trim()}` : label;
    const [, number, unit] = /^([\d.]+)(?: (\S+))?$/.exec(value) ?? [];
    return number === undefined ? [] : [{ name, value: Number(number), unit: unit ?? '' }];
  }),
);
