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
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagesLoaded } from './packages-loaded.js';

const packagesDirectory = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 10);
const PLUGINS = ['plugin-env-vars', 'plugin-pip', 'plugin-container', 'plugin-working-dir', 'plugin-conda'];
const BUILDS = (process.env.BENCH_IMPORT_BUILDS ?? 'dist').split(',');
const mebibytes = (bytes: number): number => bytes / 1024 / 1024;

// The builds are what is measured, so make them current first (turbo skips what is unchanged).
execFileSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', ...['core', ...PLUGINS].flatMap((name) => ['--filter', `@runtime-env/${name}`]), '--output-logs=errors-only'],
  {
    cwd: packagesDirectory,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);

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

function packagesAddedBy(target: Target): string {
  const before = packagesLoaded(target.directory, ['@runtime-env/core', 'zod']);
  const added = [...packagesLoaded(target.directory, ['@runtime-env/core', 'zod', target.entry])].filter((name) => !before.has(name)).sort();
  return added.join(', ') || 'none';
}

const emptySamples = () => ({ aloneMs: [], aloneRssMiB: [], afterCoreMs: [], afterCoreRssMiB: [] });
const baseline: Target = {
  label: '(baseline: an empty module)',
  directory: path.join(packagesDirectory, 'plugin-env-vars'),
  entry: 'data:text/javascript,export {}',
  samples: emptySamples(),
};
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
  lines.push(
    `| ${target.label} | ${median(aloneMs).toFixed(1)} ms | ${median(aloneRssMiB).toFixed(1)} MiB | ${median(afterCoreMs).toFixed(1)} ms | ${median(afterCoreRssMiB).toFixed(1)} MiB | ${added} |`,
  );
}
lines.push(
  '',
  '"alone": a fresh process importing only the plugin (the core comes with it). "after core + zod": the agent\'s and rtenv\'s case, where the core is already loaded.',
);
process.stdout.write(`${lines.join('\n')}\n`);
