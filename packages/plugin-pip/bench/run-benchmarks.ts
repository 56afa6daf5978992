// Cold creation of pip environments by this plugin (through the real core), with its
// own wheel installer and with pip installing, against `virtualenv X && X/bin/pip
// install --no-cache-dir ...`, measured in the same run on the same machine; then a
// warm second environment sharing pandas + scipy, an environment from a pylock.toml
// whose wheels are all in the store, and disk usage beside each figure.
// Run: pnpm --filter @runtime-env/plugin-pip bench
import { figuresOfTable, recordBenchFigures } from '@runtime-env/tooling/bench';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntimeEnvManager } from '@runtime-env/core';
import { pipPlugin } from '../src/index.js';
import { configuredIndexUrl } from '../test/helpers/configured-index.js';
import { diskBytes, mebibytes, median, spread, timed, timeShell } from './measure.js';

const packageSets = [['requests'], ['tabulate'], ['pandas', 'scipy']];
const repetitions = Number(process.env.BENCH_REPETITIONS ?? 3);
const indexUrl = configuredIndexUrl();
const python = (await import('node:child_process'))
  .execFileSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], { encoding: 'utf8' })
  .trim();
const scratch = await mkdtemp(join(tmpdir(), 'plugin-pip-bench-'));
// Every pip here reads the configured index directly: pip's default index is unreachable on these machines.
const env = { ...process.env, PIP_INDEX_URL: indexUrl, PIP_DISABLE_PIP_VERSION_CHECK: '1' };

async function ensureVirtualenv(): Promise<string> {
  const tools = join(scratch, 'tools');
  await timeShell(`${python} -m venv ${tools} && ${tools}/bin/pip install -q virtualenv`, env);
  return join(tools, 'bin', 'virtualenv');
}

async function byHand(kind: 'venv' | 'virtualenv', packages: string[], virtualenv: string, run: number): Promise<number> {
  const target = join(scratch, `${kind}-${packages.join('-')}-${run}`);
  const create = kind === 'venv' ? `${python} -m venv ${target}` : `${virtualenv} -q ${target}`;
  // --no-cache-dir: a cold install by hand, as a fresh machine would do it.
  const seconds = await timeShell(`${create} && ${target}/bin/pip install -q --no-cache-dir ${packages.join(' ')}`, env);
  await rm(target, { recursive: true, force: true });
  return seconds;
}

async function withPlugin(packages: string[], options: Record<string, unknown>, run: number) {
  const dataDirectory = join(scratch, `plugin-${packages.join('-')}-${run}-${Object.keys(options).join('')}`);
  const manager = await openRuntimeEnvManager({
    dataDirectory,
    plugins: [
      { plugin: pipPlugin, options: pipPlugin.options!.parse(options), source: 'bench', identity: { name: '@runtime-env/plugin-pip', version: 'bench' } },
    ],
  });
  try {
    const document = { pip: { packages, pip_install_options: ['--index-url', indexUrl] } };
    const cold = await timed(() => manager.getOrCreate(document, { owner: 'bench' }));
    const path = manager.listUris()[0]?.path as string;
    return { seconds: cold.seconds, bytes: await diskBytes([path]), manager, dataDirectory, path };
  } catch (error) {
    await manager.close();
    throw error;
  }
}

// BENCH_SECTIONS=warm (or pylock) runs only that part (for quick iterations).
const sections = new Set((process.env.BENCH_SECTIONS ?? 'cold,warm,pylock').split(','));
const storeOf = (dataDirectory: string): string => join(dataDirectory, 'plugins', 'pip', 'shared', 'distribution-store');
const onDisk = async (result: { path: string; dataDirectory: string }): Promise<number> =>
  diskBytes([result.path, ...(existsSync(storeOf(result.dataDirectory)) ? [storeOf(result.dataDirectory)] : [])]);
// BENCH_ISOLATED=1: the plugin's environments do not see the base interpreter's
// packages (`systemSitePackages: false`), like the virtualenv baseline.
const isolation = process.env.BENCH_ISOLATED === '1' ? { systemSitePackages: false } : {};
const rows: string[][] = [];
const virtualenv = sections.has('cold') ? await ensureVirtualenv() : '';
for (const packages of sections.has('cold') ? packageSets : []) {
  const runs = packages.includes('pandas') ? 1 : repetitions;
  const virtualenvTimes: number[] = [];
  const ownTimes: number[] = [];
  const pipTimes: number[] = [];
  let ownBytes = 0;
  let pipBytes = 0;
  for (let run = 0; run < runs; run += 1) {
    virtualenvTimes.push(await byHand('virtualenv', packages, virtualenv, run));
    // Each plugin run has a fresh data directory: an empty pip cache, an empty store.
    const own = await withPlugin(packages, { ...isolation }, run);
    ownTimes.push(own.seconds);
    ownBytes = await onDisk(own);
    await own.manager.close();
    const byPip = await withPlugin(packages, { ...isolation, installer: 'pip' }, run);
    pipTimes.push(byPip.seconds);
    pipBytes = await onDisk(byPip);
    await byPip.manager.close();
  }
  const baseline = median(virtualenvTimes);
  const ratio = (times: number[]) => `${median(times).toFixed(2)} s (${(median(times) / baseline).toFixed(2)}x)`;
  rows.push([packages.join(' + '), `${baseline.toFixed(2)} s`, ratio(ownTimes), mebibytes(ownBytes), ratio(pipTimes), mebibytes(pipBytes)]);
}
const printTable = (header: string[], body: string[][]): void => {
  const table = [header, ...body].map((row) => `| ${row.join(' | ')} |`);
  table.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
  console.log(`\n${table.join('\n')}`);
  recordBenchFigures('plugin-pip', figuresOfTable(header, body));
};
if (rows.length > 0) {
  printTable(
    [
      `packages (cold${process.env.BENCH_ISOLATED === '1' ? ', isolated' : ''})`,
      'virtualenv + pip --no-cache-dir (baseline)',
      'plugin, wheel installer (ratio)',
      'its env + store on disk',
      'plugin, installer: pip (ratio)',
      'its env + store on disk',
    ],
    rows,
  );
}

// Warm: a second environment sharing pandas + scipy with the first, in the same data
// directory (pip cache and store kept), with each installer.
const firstPackages = ['pandas', 'scipy'];
const secondDocument = { pip: { packages: [...firstPackages, 'tabulate'], pip_install_options: ['--index-url', indexUrl] } };
async function warmCase(options: Record<string, unknown>, run: number) {
  const first = await withPlugin(firstPackages, options, 100 + run);
  try {
    const warm = await timed(() => first.manager.getOrCreate(secondDocument, { owner: 'bench' }));
    const records = first.manager.listUris();
    const store = storeOf(first.dataDirectory);
    const disk = await diskBytes([...records.map((record) => record.path), ...(existsSync(store) ? [store] : [])]);
    const phases = records.find((record) => record.path !== first.path)?.details?.phaseMs as Record<string, number> | undefined;
    return { cold: first.seconds, warm: warm.seconds, warmCpu: warm.cpuSeconds, disk, phases };
  } finally {
    await first.manager.close();
  }
}
if (sections.has('warm')) {
  const warmRuns = Number(process.env.BENCH_WARM_REPETITIONS ?? 3);
  const cases: [string, Record<string, unknown>][] = [
    ['wheel installer (default)', {}],
    ['installer: pip, store on', { installer: 'pip' }],
    ['distributionStore: false', { distributionStore: false }],
  ];
  const results = new Map<string, Awaited<ReturnType<typeof warmCase>>[]>(cases.map(([name]) => [name, []]));
  for (let run = 0; run < warmRuns; run += 1) for (const [name, options] of cases) results.get(name)!.push(await warmCase(options, run));
  printTable(
    [
      'second env (pandas + scipy + tabulate)',
      'cold pandas + scipy',
      'warm second env, to ready in process',
      'its runs',
      'its CPU time in process (median)',
      'two environments + store on disk',
      'warm phases (ms, last run)',
    ],
    [...results].map(([name, runs]) => [
      name,
      `${median(runs.map((result) => result.cold)).toFixed(2)} s`,
      `${median(runs.map((result) => result.warm)).toFixed(2)} s`,
      spread(runs.map((result) => result.warm)),
      `${(median(runs.map((result) => result.warmCpu)) * 1000).toFixed(0)} ms`,
      mebibytes(runs[runs.length - 1]!.disk),
      JSON.stringify(runs[runs.length - 1]!.phases ?? {}),
    ]),
  );
}

// A pylock.toml whose wheels are all in the store: written by the plugin from an
// environment (`rtenv lock --format pylock`), then used as the pip field of a new one.
if (sections.has('pylock')) {
  const runs = Number(process.env.BENCH_WARM_REPETITIONS ?? 3);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let disk = 0;
  let phases: unknown;
  for (let run = 0; run < runs; run += 1) {
    const first = await withPlugin([...firstPackages, 'tabulate'], {}, 200 + run);
    try {
      const lock = first.manager.listUris()[0]?.lock ?? [];
      const lockPath = join(first.dataDirectory, 'pylock.toml');
      await writeFile(lockPath, pipPlugin.formatLock!(lock, 'pylock'));
      const fromLock = await timed(() => first.manager.getOrCreate({ pip: lockPath }, { owner: 'bench' }));
      times.push(fromLock.seconds);
      cpuTimes.push(fromLock.cpuSeconds);
      const records = first.manager.listUris();
      const created = records.find((record) => record.path !== first.path);
      phases = created?.details?.phaseMs;
      disk = await diskBytes([created!.path]);
    } finally {
      await first.manager.close();
    }
  }
  printTable(
    [
      'environment from a pylock.toml (pandas + scipy + tabulate), all wheels in the store',
      'to ready in process (median)',
      'its runs',
      'its CPU time in process (median)',
      'env on disk (du; its files are hard links into the store)',
      'phases (ms, last run)',
    ],
    [
      [
        'wheel installer',
        `${(median(times) * 1000).toFixed(0)} ms`,
        spread(times),
        `${(median(cpuTimes) * 1000).toFixed(0)} ms`,
        mebibytes(disk),
        JSON.stringify(phases ?? {}),
      ],
    ],
  );
}
console.log(
  `\nbase interpreter ${python}; index ${indexUrl}; cold: median of ${repetitions} runs (1 for pandas + scipy); warm and pylock: median of ${process.env.BENCH_WARM_REPETITIONS ?? 3}`,
);
await rm(scratch, { recursive: true, force: true });
