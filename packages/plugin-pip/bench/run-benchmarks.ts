// Cold creation of pip environments by this plugin (through the real core) against
// the same installs by hand, measured in the same run on the same machine:
//   python -m venv X && X/bin/pip install ...   and   virtualenv X && X/bin/pip install ...
// then a warm second environment sharing most packages, and disk usage.
// Run: pnpm --filter @runtime-env/plugin-pip bench
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntimeEnvManager } from '@runtime-env/core';
import { pipPlugin } from '../src/index.js';
import { configuredIndexUrl } from '../test/helpers/configured-index.js';
import { diskBytes, mebibytes, median, timed, timeShell } from './measure.js';

const packageSets = [['requests'], ['tabulate'], ['pandas', 'scipy']];
const repetitions = Number(process.env.BENCH_REPETITIONS ?? 3);
const indexUrl = configuredIndexUrl();
const python = (await import('node:child_process')).execFileSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], { encoding: 'utf8' }).trim();
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
  const manager = await openRuntimeEnvManager({ dataDirectory, plugins: [{ plugin: pipPlugin, options: pipPlugin.options!.parse(options), source: 'bench', identity: { name: '@runtime-env/plugin-pip', version: 'bench' } }] });
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

// BENCH_SECTIONS=warm skips the cold table (for quick iterations on the warm path).
const sections = new Set((process.env.BENCH_SECTIONS ?? 'cold,warm').split(','));
const rows: string[][] = [];
const virtualenv = sections.has('cold') ? await ensureVirtualenv() : '';
for (const packages of sections.has('cold') ? packageSets : []) {
  const runs = packages.includes('pandas') ? 1 : repetitions;
  const venvTimes: number[] = [];
  const virtualenvTimes: number[] = [];
  const pluginTimes: number[] = [];
  const isolatedTimes: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs; run += 1) {
    venvTimes.push(await byHand('venv', packages, virtualenv, run));
    virtualenvTimes.push(await byHand('virtualenv', packages, virtualenv, run));
    const shared = await withPlugin(packages, {}, run);
    pluginTimes.push(shared.seconds);
    bytes = shared.bytes;
    await shared.manager.close();
    const isolated = await withPlugin(packages, { systemSitePackages: false }, run);
    isolatedTimes.push(isolated.seconds);
    await isolated.manager.close();
  }
  const baseline = median(virtualenvTimes);
  rows.push([
    packages.join(' + '),
    `${median(venvTimes).toFixed(2)} s`,
    `${baseline.toFixed(2)} s`,
    `${median(pluginTimes).toFixed(2)} s (${(median(pluginTimes) / baseline).toFixed(2)}x)`,
    `${median(isolatedTimes).toFixed(2)} s (${(median(isolatedTimes) / baseline).toFixed(2)}x)`,
    mebibytes(bytes),
  ]);
}
if (rows.length > 0) {
  const header = ['packages', 'venv + pip by hand', 'virtualenv + pip (baseline)', 'plugin, cold (ratio)', 'plugin isolated, cold (ratio)', 'plugin env on disk'];
  const table = [header, ...rows].map((row) => `| ${row.join(' | ')} |`);
  table.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
  console.log(table.join('\n'));
}

// Warm: a second environment sharing most packages with the first, in the same data
// directory (pip cache kept), with the distribution store and without it (each
// measured against its own cold first environment in this run).
const firstPackages = ['pandas', 'scipy'];
const secondDocument = { pip: { packages: [...firstPackages, 'tabulate'], pip_install_options: ['--index-url', indexUrl] } };
async function warmCase(options: Record<string, unknown>, run: number) {
  const first = await withPlugin(firstPackages, options, 100 + run);
  try {
    const warm = await timed(() => first.manager.getOrCreate(secondDocument, { owner: 'bench' }));
    const records = first.manager.listUris();
    const sizes = records.map((record) => record.sizeBytes);
    const store = join(first.dataDirectory, 'plugins', 'pip', 'shared', 'distribution-store');
    const disk = await diskBytes([...records.map((record) => record.path), ...(existsSync(store) ? [store] : [])]);
    const firstPhases = records.find((record) => record.path === first.path)?.details?.phaseMs as Record<string, number> | undefined;
    const storing = ((firstPhases?.store ?? 0) + (firstPhases?.store_cleanup ?? 0)) / 1000;
    return { cold: first.seconds, warm: warm.seconds, disk, reported: sizes.reduce((total, size) => total + size, 0), storing };
  } finally {
    await first.manager.close();
  }
}
if (sections.has('warm')) {
  const warmRuns = Number(process.env.BENCH_WARM_REPETITIONS ?? 3);
  const results: Record<string, Awaited<ReturnType<typeof warmCase>>[]> = { store: [], 'no store': [] };
  for (let run = 0; run < warmRuns; run += 1) {
    results.store!.push(await warmCase({}, run));
    results['no store']!.push(await warmCase({ distributionStore: false }, run));
  }
  const warmHeader = ['distributionStore', 'cold pandas + scipy', 'warm + tabulate', 'cold / warm', 'two environments on disk (du)', 'sum of reported sizes'];
  const warmRows = Object.entries(results).map(([name, runs]) => {
    const cold = median(runs.map((result) => result.cold));
    const warm = median(runs.map((result) => result.warm));
    const last = runs[runs.length - 1]!;
    return [name === 'store' ? 'true (default)' : 'false (baseline)', `${cold.toFixed(2)} s`, `${warm.toFixed(2)} s`, `${(cold / warm).toFixed(2)}x`, mebibytes(last.disk), mebibytes(last.reported)];
  });
  const storeRuns = results.store!;
  const baselineRuns = results['no store']!;
  console.log(`\n${[warmHeader, ...warmRows].map((row) => `| ${row.join(' | ')} |`).join('\n').replace(/\n/, `\n|${warmHeader.map(() => '---').join('|')}|\n`)}`);
  const storing = median(storeRuns.map((result) => result.storing));
  console.log(`\ncold with the store spent ${storing.toFixed(2)} s (median) keeping its distributions in the store (${((storing / median(storeRuns.map((result) => result.cold))) * 100).toFixed(0)}% of its creation)`);
  console.log(`warm with the store vs cold without it (pip alone, the old plugin): ${(median(baselineRuns.map((result) => result.cold)) / median(storeRuns.map((result) => result.warm))).toFixed(2)}x`);
  console.log(
    `warm with the store vs warm without it: ${(median(baselineRuns.map((result) => result.warm)) / median(storeRuns.map((result) => result.warm))).toFixed(2)}x faster; disk ${mebibytes(storeRuns[0]!.disk)} vs ${mebibytes(baselineRuns[0]!.disk)}`,
  );
}
console.log(`base interpreter ${python}; index ${indexUrl}; median of ${repetitions} runs for cold (1 for pandas + scipy), ${process.env.BENCH_WARM_REPETITIONS ?? 3} for warm`);
await rm(scratch, { recursive: true, force: true });
