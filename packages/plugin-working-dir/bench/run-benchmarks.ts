// Packing, extraction and `rtenv run` against baselines measured in the same run:
// `tar -cf - | sha256sum` over the same files (the floor), `tar -xf`, plain Python,
// and Ray's own packaging and ray.init where a Ray install is given (BENCH_RAY_PYTHON).
import { recordBenchFigures } from '@runtime-env/tooling/bench';
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArchive, listPackageFiles, rayDefaultExcludes } from '../src/index.js';
import { generateTree, type TreeShape } from './generate-tree.js';
import { median, repetitions, ResultTable, timedAsync, timedShell, timeToFirstLine } from './measure.js';
import { rayHashAndZip, rayInitToFirstTask, rayPython } from './ray-baselines.js';

const mebibyte = 1024 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));
const cliBin = path.join(here, '../../cli/dist/bin.cjs');
const table = new ResultTable();
const limits = { maxEntries: 1e6, maxExtractedBytes: 64 * 1024 * mebibyte, maxCompressionRatio: 200 };

interface PackOutput {
  milliseconds: number;
  filesRead: number;
  uri: string;
}

function packOnce(tree: string, store: string, pluginDirectory: string): PackOutput {
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(here, 'pack-once.ts'), tree, store, pluginDirectory], { encoding: 'utf8' });
  return JSON.parse(output) as PackOutput;
}

/**
 * Runs the measures in turn, round after round, and returns each one's median:
 * a measure and its baseline see the same moments of a shared machine.
 */
async function interleaved(times: number, measures: ((round: number) => Promise<number> | number)[]): Promise<number[]> {
  const values: number[][] = measures.map(() => []);
  for (let round = 0; round < times; round += 1) {
    for (const [index, measure] of measures.entries()) {
      // Each measure starts with nothing left to write back from the one before it.
      execFileSync('sync');
      values[index]!.push(await measure(round));
    }
  }
  return values.map(median);
}

async function benchmarkTree(name: string, shape: TreeShape, scratch: string, measureRun: boolean): Promise<void> {
  const tree = path.join(scratch, name);
  await generateTree(tree, shape);
  execFileSync('sync');
  const files = await listPackageFiles(tree, { defaultExcludes: [...rayDefaultExcludes] });
  const fileList = path.join(scratch, `${name}.files`);
  await fs.writeFile(fileList, files.join('\n'));
  // Read everything once so neither side pays for a cold page cache.
  timedShell(`tar -cf - -C "${tree}" . > /dev/null`);

  let lastPack: PackOutput | undefined;
  const [floor, cold, rayPacking] = await interleaved(repetitions, [
    () => timedShell(`tar -cf - -C "${tree}" --no-recursion -T "${fileList}" | sha256sum > /dev/null`),
    (round) => {
      lastPack = packOnce(tree, path.join(scratch, `${name}-store-${round}`), path.join(scratch, `${name}-plugin-${round}`));
      return lastPack.milliseconds;
    },
    () => (rayPython ? rayHashAndZip(rayPython, tree) : Number.NaN),
  ]);
  const lastRound = repetitions - 1;
  let filesRead = 0;
  const [unchanged] = await interleaved(repetitions, [
    () => {
      const again = packOnce(tree, path.join(scratch, `${name}-store-${lastRound}`), path.join(scratch, `${name}-plugin-${lastRound}`));
      filesRead = again.filesRead;
      return again.milliseconds;
    },
  ]);
  table.add(name, `pack cold (URI + package, ${files.length} files)`, cold!, 'tar | sha256sum', floor!);
  if (rayPython) table.add(name, 'pack cold', cold!, 'Ray hash + zip', rayPacking!);
  table.add(name, `pack unchanged (read ${filesRead} files)`, unchanged!, 'pack cold', cold!);

  const archive = fileURLToPath(lastPack!.uri);
  let target = 0;
  const extractTo = () => path.join(scratch, `${name}-extract-${target++}`);
  const [tarExtract, checked, sealed] = await interleaved(repetitions, [
    async () => {
      const directory = extractTo();
      await fs.mkdir(directory);
      return timedShell(`tar -xf "${archive}" -C "${directory}"`);
    },
    () => timedAsync(() => extractArchive(archive, extractTo(), { limits, digestContents: true })),
    () => timedAsync(() => extractArchive(archive, extractTo(), { limits, digestContents: false })),
  ]);
  table.add(name, 'extract, digest checked', checked!, 'tar -xf', tarExtract!);
  table.add(name, 'extract, sealed (no digest pass)', sealed!, 'tar -xf', tarExtract!);
  for (let index = 0; index < target; index += 1) await fs.rm(path.join(scratch, `${name}-extract-${index}`), { recursive: true, force: true });

  if (measureRun && existsSync(cliBin)) await benchmarkRun(name, tree, files, scratch, { floor: floor!, tarExtract: tarExtract! });
}

/** `rtenv run` from a cold data directory to the process's first line, against Python alone, the I/O floor and Ray. */
async function benchmarkRun(name: string, tree: string, files: string[], scratch: string, baselines: { floor: number; tarExtract: number }): Promise<void> {
  const document = JSON.stringify({ working_dir: tree });
  const run = (dataDirectory: string) =>
    timeToFirstLine(process.execPath, [cliBin, 'run', '-e', document, '--', 'python3', '-c', 'print(1)'], { RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' });
  const [plain, cold, ray] = await interleaved(repetitions, [
    () => timeToFirstLine('python3', ['-c', 'print(1)']),
    (round) => run(path.join(scratch, `${name}-data-${round}`)),
    () => (rayPython ? rayInitToFirstTask(rayPython, tree, files.at(-1)!) : Number.NaN),
  ]);
  const [again] = await interleaved(repetitions, [() => run(path.join(scratch, `${name}-data-0`))]);
  table.add(name, 'rtenv run, cold to first line', cold!, 'python3 alone', plain!);
  table.add(name, 'rtenv run, cold to first line', cold!, 'floor: tar|sha256sum + tar -xf + python3', baselines.floor + baselines.tarExtract + plain!);
  if (rayPython) table.add(name, 'rtenv run, cold to first line', cold!, 'Ray: ray.init to first task', ray!);
  table.add(name, 'rtenv run, unchanged tree', again!, 'python3 alone', plain!);
}

const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'rtenv-wd-bench-'));
try {
  await benchmarkTree('ray-like', { packagedFiles: 2_100, packagedBytes: 100 * mebibyte, gitBytes: 50 * mebibyte, ignoredBytes: 28 * mebibyte }, scratch, true);
  if (process.env.BENCH_LARGE !== '0') {
    await benchmarkTree('1GiB', { packagedFiles: 10_000, packagedBytes: 1024 * mebibyte, gitBytes: 0, ignoredBytes: 0 }, scratch, false);
  }
} finally {
  await fs.rm(scratch, { recursive: true, force: true });
}
process.stdout.write(
  `${repetitions} runs per measure, medians; load average at the end: ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}\n`,
);
process.stdout.write(table.format());
recordBenchFigures('plugin-working-dir', table.figures);
