// What each command loads, measured as time: `node -e 0`, `rtenv --version`, a
// cached `rtenv run` of an env_vars document (the fast path), and `rtenv pack` of a
// generated 100 MiB tree, first (fresh data directory) and unchanged. Each build
// given (this package's dist by default; `--compare DIR/bin.js` adds another, say
// main's) runs in the same process, every case interleaved (A, B, C, A, B, C, ...)
// so drift on a shared machine hits all alike; medians are printed with the goals:
//   cached run - node -e 0            <= 40 ms
//   (unchanged pack - --version) / first pack <= 0.1
//   node bench/command-load.mjs [--compare /path/to/other/cli/dist/bin.cjs]   (RUNS=15)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.RUNS ?? 15);
const builds = [{ label: 'this', bin: fileURLToPath(new URL('../dist/bin.cjs', import.meta.url)) }];
const compareAt = process.argv.indexOf('--compare');
if (compareAt > 0) builds.unshift({ label: 'compared', bin: path.resolve(process.argv[compareAt + 1]) });
for (const { bin } of builds) if (!existsSync(bin)) throw new Error(`${bin} is missing: build the CLI first`);

const work = mkdtempSync(path.join(tmpdir(), 'rtenv-command-load-'));
const tree = path.join(work, 'tree');
mkdirSync(path.join(tree, 'data'), { recursive: true });
// 100 MiB in 100 files of random bytes (no compression can shortcut them), and a few small ones.
for (let index = 0; index < 100; index += 1) writeFileSync(path.join(tree, 'data', `part-${index}.bin`), randomBytes(1024 * 1024));
for (let index = 0; index < 20; index += 1) writeFileSync(path.join(tree, `module_${index}.py`), `VALUE = ${index}\n`);

const document = JSON.stringify({ env_vars: { BENCH: 'yes' } });
let freshCount = 0;
const cases = [
  { name: 'node -e 0', build: undefined, command: () => [process.execPath, '-e', '0'] },
  { name: 'true (the command alone)', build: undefined, command: () => ['true'] },
];
for (const build of builds) {
  // Each build its own data directory: two schema versions must not share one.
  build.dataDirectory = path.join(work, `data-${build.label}`);
  cases.push(
    { name: 'rtenv --version', build, command: () => [process.execPath, build.bin, '--version'] },
    { name: 'rtenv run env_vars, cached', build, command: () => [process.execPath, build.bin, 'run', '-e', document, '--', 'true'] },
    { name: 'rtenv pack, first', build, fresh: true, command: () => [process.execPath, build.bin, 'pack', tree] },
    { name: 'rtenv pack, unchanged', build, command: () => [process.execPath, build.bin, 'pack', tree] },
  );
}

function timeOnce(benchCase) {
  let dataDirectory = benchCase.build?.dataDirectory ?? work;
  if (benchCase.fresh) dataDirectory = path.join(work, `fresh-${(freshCount += 1)}`);
  const command = benchCase.command();
  const started = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), {
    env: { ...process.env, RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '', RTENV_DEBUG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr}`);
  if (benchCase.fresh) rmSync(dataDirectory, { recursive: true, force: true });
  return elapsedMs;
}

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  // Warm-up: creates the environment and the package, so the timed runs find them cached.
  for (const benchCase of cases) timeOnce(benchCase);
  for (const build of builds) {
    const probe = spawnSync(process.execPath, [build.bin, 'run', '-e', document, '--', 'true'], {
      env: { ...process.env, RTENV_DATA_DIR: build.dataDirectory, RTENV_CONFIG: '', RTENV_DEBUG: '1' },
      encoding: 'utf8',
    });
    if (!probe.stderr.includes('fast path hit')) throw new Error(`${build.bin}: the cached run did not take the fast path: ${probe.stderr}`);
    // A build with the fast path of `rtenv pack` must take it for the unchanged tree (one without says nothing of it).
    const packProbe = spawnSync(process.execPath, [build.bin, 'pack', tree], {
      env: { ...process.env, RTENV_DATA_DIR: build.dataDirectory, RTENV_CONFIG: '', RTENV_DEBUG: '1' },
      encoding: 'utf8',
    });
    if (packProbe.stderr.includes('pack: fast path') && !packProbe.stderr.includes('pack: fast path hit'))
      throw new Error(`${build.bin}: the unchanged pack did not take the fast path: ${packProbe.stderr}`);
    console.log(`${build.label}: unchanged pack ${packProbe.stderr.includes('pack: fast path hit') ? 'takes the fast path' : 'has no fast path'}`);
  }
  const loadBefore = os.loadavg()[0];
  const samples = cases.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [index, benchCase] of cases.entries()) samples[index].push(timeOnce(benchCase));
  }
  const medians = new Map(cases.map((benchCase, index) => [benchCase, median(samples[index])]));
  const of = (name, build) => medians.get(cases.find((benchCase) => benchCase.name === name && benchCase.build === build));
  const node = of('node -e 0', undefined);
  console.log(
    `command load: ${runs} interleaved runs per case, medians in ms, node ${process.version}, load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
  );
  console.log(`node -e 0: ${node.toFixed(1)}   true: ${of('true (the command alone)', undefined).toFixed(1)}`);
  const header = ['case', ...builds.map((build) => `${build.label} (${path.relative(process.cwd(), build.bin) || build.bin})`)];
  const rows = ['rtenv --version', 'rtenv run env_vars, cached', 'rtenv pack, first', 'rtenv pack, unchanged'].map((name) => [
    name,
    ...builds.map((build) => of(name, build).toFixed(1)),
  ]);
  rows.push(['run - node -e 0 (goal <= 40)', ...builds.map((build) => (of('rtenv run env_vars, cached', build) - node).toFixed(1))]);
  rows.push([
    '(unchanged pack - --version) / first pack (goal <= 0.10)',
    ...builds.map((build) => ((of('rtenv pack, unchanged', build) - of('rtenv --version', build)) / of('rtenv pack, first', build)).toFixed(3)),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
} finally {
  rmSync(work, { recursive: true, force: true });
}
