// `pnpm --filter @runtime-env/agent bench:imports`: what importing each plugin
// package costs the agent (and `rtenv`), which import every installed plugin at
// start because validation needs every schema. Each figure is the median over
// fresh Node processes importing the plugin's build (no TypeScript loader), taken
// round-robin with the same run's baseline (an empty module) so that the machine's
// noise falls on every row alike. A last process per row, under a resolve hook,
// lists the third-party packages the import reaches.
//
// BENCH_IMPORT_BUILDS=.before/dist,dist compares another build kept in each
// package beside the current one, in the same run (packages without it are skipped).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDirectory = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 10);
const PLUGINS = ['plugin-env-vars', 'plugin-pip', 'plugin-container', 'plugin-working-dir', 'plugin-conda'];
const BUILDS = (process.env.BENCH_IMPORT_BUILDS ?? 'dist').split(',');
const recorderHooks = new URL('./record-loaded-packages.mjs', import.meta.url).href;
const mebibytes = (bytes: number): number => bytes / 1024 / 1024;

// The builds are what is measured, so make them current first (turbo skips what is unchanged).
execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', ...['core', ...PLUGINS].flatMap((name) => ['--filter', `@runtime-env/${name}`]), '--output-logs=errors-only'], {
  cwd: packagesDirectory,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});

interface Target {
  label: string;
  /** Where `@runtime-env/core` and `zod` resolve from: the plugin's own directory, so it gets its own copies. */
  directory: string;
  entry: string;
  samples: { aloneMs: number[]; aloneRssMiB: number[]; afterCoreMs: number[]; afterCoreRssMiB: number[] };
}

const probe = (entry: string, preloadCore: boolean): string => `
${preloadCore ? `await import('@runtime-env/core'); await import('zod');` : ''}
const rssBefore = process.memoryUsage().rss;
const startedAt = performance.now();
await import(${JSON.stringify(entry)});
const elapsed = performance.now() - startedAt;
const rss = process.memoryUsage().rss;
process.stdout.write(JSON.stringify({ elapsed, rss, rssGrowth: rss - rssBefore }));
`;

function runProbe(directory: string, script: string): { elapsed: number; rss: number; rssGrowth: number } {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: directory, encoding: 'utf8' });
  return JSON.parse(output) as { elapsed: number; rss: number; rssGrowth: number };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Package names found in module paths or URLs (`node_modules/<name>/`), scoped names included, workspace packages left out. */
function packageNames(locations: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const location of locations) {
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(decodeURIComponent(location));
    if (match && !match[1]!.startsWith('@runtime-env/')) names.add(match[1]!);
  }
  return names;
}

/** Every package a process loads after importing the core, zod and then `entry` (ES modules through the hook, CommonJS from the require cache). */
function packagesLoaded(directory: string, entry: string | undefined): Set<string> {
  const recordFile = path.join(tmpdir(), `rtenv-import-record-${process.pid}-${Date.now()}.txt`);
  writeFileSync(recordFile, '');
  const script = `
await import('@runtime-env/core'); await import('zod');
${entry ? `await import(${JSON.stringify(entry)});` : ''}
const { createRequire } = await import('node:module');
process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
`;
  try {
    const output = execFileSync(process.execPath, ['--import', recorderHooks, '--input-type=module', '-e', script], { cwd: directory, encoding: 'utf8', env: { ...process.env, RECORD_MODULES_FILE: recordFile } });
    return packageNames([...(JSON.parse(output) as string[]), ...readFileSync(recordFile, 'utf8').split('\n')]);
  } finally {
    rmSync(recordFile, { force: true });
  }
}

function packagesAddedBy(target: Target): string {
  const before = packagesLoaded(target.directory, undefined);
  const added = [...packagesLoaded(target.directory, target.entry)].filter((name) => !before.has(name)).sort();
  return added.join(', ') || 'none';
}

const emptySamples = () => ({ aloneMs: [], aloneRssMiB: [], afterCoreMs: [], afterCoreRssMiB: [] });
const baseline: Target = { label: '(baseline: an empty module)', directory: path.join(packagesDirectory, 'plugin-env-vars'), entry: 'data:text/javascript,export {}', samples: emptySamples() };
const targets: Target[] = [baseline];
for (const plugin of PLUGINS) {
  for (const build of BUILDS) {
    const directory = path.join(packagesDirectory, plugin);
    const entry = path.join(directory, build, 'index.js');
    if (!existsSync(entry)) continue;
    targets.push({ label: `@runtime-env/${plugin}${BUILDS.length > 1 ? ` (${build})` : ''}`, directory, entry, samples: emptySamples() });
  }
}

for (let run = 0; run < RUNS; run += 1) {
  for (const target of targets) {
    const alone = runProbe(target.directory, probe(target.entry, false));
    target.samples.aloneMs.push(alone.elapsed);
    target.samples.aloneRssMiB.push(mebibytes(alone.rss));
    const afterCore = runProbe(target.directory, probe(target.entry, true));
    target.samples.afterCoreMs.push(afterCore.elapsed);
    target.samples.afterCoreRssMiB.push(mebibytes(afterCore.rssGrowth));
  }
}

const lines = [
  `medians of ${RUNS} fresh processes per figure, Node ${process.version}, builds: ${BUILDS.join(', ')}`,
  '',
  '| package | import alone | RSS after importing alone | import after core + zod | RSS added after core + zod | third-party packages loaded beyond core + zod |',
  '|---|---|---|---|---|---|',
];
for (const target of targets) {
  const { aloneMs, aloneRssMiB, afterCoreMs, afterCoreRssMiB } = target.samples;
  const added = target === baseline ? '' : packagesAddedBy(target);
  lines.push(`| ${target.label} | ${median(aloneMs).toFixed(1)} ms | ${median(aloneRssMiB).toFixed(1)} MiB | ${median(afterCoreMs).toFixed(1)} ms | ${median(afterCoreRssMiB).toFixed(1)} MiB | ${added} |`);
}
lines.push('', '"alone": a fresh process importing only the plugin (the core comes with it). "after core + zod": the agent\'s and rtenv\'s case, where the core is already loaded.');
process.stdout.write(`${lines.join('\n')}\n`);
