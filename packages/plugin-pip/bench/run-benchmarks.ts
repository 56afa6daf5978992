// Cold creation of pip environments by this plugin (through the real core) against
// the same installs by hand, measured in the same run on the same machine:
//   python -m venv X && X/bin/pip install ...   and   virtualenv X && X/bin/pip install ...
// then a warm second environment sharing most packages, and disk usage.
// Run: pnpm --filter @runtime-env/plugin-pip bench
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
  const manager = await openRuntimeEnvManager({ dataDirectory, plugins: [{ plugin: pipPlugin, options: pipPlugin.options!.parse(options), source: 'bench' }] });
  try {
    const document = { pip: { packages, pip_install_options: ['--index-url', indexUrl] } };
    const cold = await timed(() => manager.getOrCreate(document, { owner: 'bench' }));
    const path = manager.listUris()[0]?.path as string;
    return { seconds: cold.seconds, bytes: await diskBytes([path]), manager, dataDirectory };
  } catch (error) {
    await manager.close();
    throw error;
  }
}

const rows: string[][] = [];
const virtualenv = await ensureVirtualenv();
for (const packages of packageSets) {
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

// Warm: a second environment that shares most packages with the first, same data directory (pip cache kept).
const first = await withPlugin(['pandas', 'scipy'], {}, 99);
const secondDocument = { pip: { packages: ['pandas', 'scipy', 'tabulate'], pip_install_options: ['--index-url', indexUrl] } };
const warm = await timed(() => first.manager.getOrCreate(secondDocument, { owner: 'bench' }));
const paths = first.manager.listUris().map((record) => record.path);
const together = await diskBytes(paths);
await first.manager.close();

const header = ['packages', 'venv + pip by hand', 'virtualenv + pip (baseline)', 'plugin, cold (ratio)', 'plugin isolated, cold (ratio)', 'plugin env on disk'];
const table = [header, ...rows].map((row) => `| ${row.join(' | ')} |`);
table.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
console.log(table.join('\n'));
console.log(`\nwarm second environment (pandas + scipy + tabulate after pandas + scipy): ${warm.seconds.toFixed(2)} s; cold pandas + scipy in this run: ${first.seconds.toFixed(2)} s (warm/cold ${(warm.seconds / first.seconds).toFixed(2)}x)`);
console.log(`two overlapping environments on disk together: ${mebibytes(together)}`);
console.log(`base interpreter ${python}; index ${indexUrl}; median of ${repetitions} runs (1 for pandas + scipy)`);
await rm(scratch, { recursive: true, force: true });
