// Packing, extraction and `rtenv run` against baselines measured in the same run:
// `tar -cf - | sha256sum` over the same files (the floor), `tar -xf`, plain Python,
// and Ray's own packaging where a Ray install is given (BENCH_RAY_PYTHON).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractArchive, listPackageFiles, rayDefaultExcludes } from '../src/index.js';
import { generateTree, type TreeShape } from './generate-tree.js';

const mebibyte = 1024 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));
const cliBin = path.join(here, '../../cli/dist/bin.js');
const rayPython = process.env.BENCH_RAY_PYTHON;
const rows: string[][] = [];

function timed(action: () => void): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

function row(tree: string, measure: string, milliseconds: number, baselineName: string, baselineMilliseconds: number): void {
  rows.push([tree, measure, milliseconds.toFixed(0), baselineName, baselineMilliseconds.toFixed(0), (milliseconds / baselineMilliseconds).toFixed(2)]);
}

function packOnce(tree: string, store: string, cache: string): { milliseconds: number; uploaded: boolean; filesRead: number; uri: string } {
  const output = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(here, 'pack-once.ts'), tree, store, cache], { encoding: 'utf8' });
  return JSON.parse(output);
}

function timeToFirstLine(command: string, args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(performance.now() - started));
    child.on('close', (code) => reject(new Error(`${command} exited with ${code} before printing`)));
  });
}

async function benchmarkTree(name: string, shape: TreeShape, scratch: string, measureRun: boolean): Promise<void> {
  const tree = path.join(scratch, name);
  await generateTree(tree, shape);
  execFileSync('sync');
  const files = await listPackageFiles(tree, { defaultExcludes: [...rayDefaultExcludes] });
  const fileList = path.join(scratch, `${name}.files`);
  await fs.writeFile(fileList, files.join('\n'));
  // Read everything once so neither side pays for a cold page cache.
  execFileSync('bash', ['-c', `tar -cf - -C "${tree}" . > /dev/null`]);

  const floor = timed(() => execFileSync('bash', ['-c', `tar -cf - -C "${tree}" --no-recursion -T "${fileList}" | sha256sum > /dev/null`]));
  const store = path.join(scratch, `${name}-store`);
  const cache = path.join(scratch, `${name}-cache`);
  const cold = packOnce(tree, store, cache);
  const unchanged = packOnce(tree, store, cache);
  row(name, `pack cold (URI + package, ${files.length} files)`, cold.milliseconds, 'tar | sha256sum', floor);
  row(name, `pack unchanged (read ${unchanged.filesRead} files)`, unchanged.milliseconds, 'pack cold', cold.milliseconds);

  const archive = cold.uri.replace('file://', '');
  const ourTarget = path.join(scratch, `${name}-extract-ours`);
  const tarTarget = path.join(scratch, `${name}-extract-tar`);
  const started = performance.now();
  await extractArchive(archive, ourTarget, { limits: { maxEntries: 1e6, maxExtractedBytes: 64 * 1024 * mebibyte, maxCompressionRatio: 200 } });
  const ours = performance.now() - started;
  await fs.mkdir(tarTarget);
  const tarTime = timed(() => execFileSync('tar', ['-xf', archive, '-C', tarTarget]));
  row(name, 'extract (checked)', ours, 'tar -xf', tarTime);

  if (rayPython && existsSync(rayPython)) {
    const script = `
import time, sys, tempfile, os, pathlib
from ray._private.runtime_env.packaging import get_uri_for_directory, create_package
excludes = ${JSON.stringify([...rayDefaultExcludes])}
t0 = time.perf_counter(); uri = get_uri_for_directory(sys.argv[1], True, excludes=excludes); t1 = time.perf_counter()
create_package(sys.argv[1], pathlib.Path(tempfile.mkdtemp()) / "p.zip", True, excludes=excludes); t2 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000)`;
    const [hashMs, zipMs] = execFileSync(rayPython, ['-c', script, tree], { encoding: 'utf8' }).trim().split(' ').map(Number) as [number, number];
    row(name, 'pack cold', cold.milliseconds, 'Ray hash + zip', hashMs + zipMs);
  }

  if (measureRun && existsSync(cliBin)) {
    const dataDirectory = path.join(scratch, `${name}-data`);
    const document = JSON.stringify({ working_dir: tree });
    const run = (label: string) => timeToFirstLine(process.execPath, [cliBin, 'run', '-e', document, '--', 'python3', '-c', `print("${label}")`], { RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' });
    const plain = await timeToFirstLine('python3', ['-c', 'print(1)'], {});
    const first = await run('cold');
    const again = await run('again');
    row(name, 'rtenv run, cold to first line', first, 'python3 alone', plain);
    row(name, 'rtenv run, unchanged tree', again, 'python3 alone', plain);
  }
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

const header = ['tree', 'measure', 'ms', 'baseline', 'baseline ms', 'ratio'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
process.stdout.write([line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n');
