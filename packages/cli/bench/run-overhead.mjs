// What `rtenv run` adds to a command, on a cached env_vars environment, through
// the fast path and through the engine path (RTENV_FAST_PATH=0).
// Each case is run RUNS times, interleaved (A, B, C, A, B, C, ...) so drift on a
// shared machine hits every case alike; medians are compared with the baseline
// (the same Python started directly) measured in the same run.
//   pnpm --filter @runtime-env/cli bench          (RUNS=40 to change the count)
import { figuresOfTable, recordBenchFigures } from '@runtime-env/tooling/bench';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.RUNS ?? 25);
const binPath = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));
if (!existsSync(binPath)) {
  console.error(`${binPath} is missing: run \`pnpm --filter @runtime-env/cli... build\` first`);
  process.exit(1);
}

// The interpreter itself, not a version-manager shim in front of it, so the
// baseline is Python's own start-up.
const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
const dataDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-bench-'));
const environment = { ...process.env, RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' };
const runtimeEnv = JSON.stringify({ env_vars: { BENCH: 'yes', WHERE: '${HOME}/bench' } });
// A config that loads env_vars alone: the floor of the CLI and the core, without
// the import cost of the other first-party plugins.
const envVarsPackage = realpathSync(fileURLToPath(new URL('../node_modules/@runtime-env/plugin-env-vars', import.meta.url)));
const envVarsOnlyConfig = path.join(dataDirectory, 'env-vars-only.config.json');
writeFileSync(envVarsOnlyConfig, JSON.stringify({ plugins: [path.join(envVarsPackage, 'dist', 'index.js')] }));

const runCommand = (configArguments) => [process.execPath, binPath, 'run', ...configArguments, '--runtime-env', runtimeEnv, '--', python, '-c', 'pass'];
// The engine path is what every cached run took before the fast path; RTENV_FAST_PATH=0 forces it.
const enginePath = { RTENV_FAST_PATH: '0' };
const cases = [
  { name: 'python -c pass (baseline)', command: [python, '-c', 'pass'] },
  { name: 'node -e 0 (Node start-up)', command: [process.execPath, '-e', '0'] },
  { name: 'rtenv --version (CLI start-up)', command: [process.execPath, binPath, '--version'] },
  { name: 'rtenv run, env_vars only, engine path', command: runCommand(['--config', envVarsOnlyConfig]), env: enginePath },
  { name: 'rtenv run, all plugins, engine path', command: runCommand([]), env: enginePath },
  { name: 'rtenv run, env_vars only, fast path', command: runCommand(['--config', envVarsOnlyConfig]), fastPath: true },
  { name: 'rtenv run, all plugins, fast path', command: runCommand([]), fastPath: true },
];
const headlineCase = cases.length - 1;

function timeOnce(command, extraEnvironment = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), { env: { ...environment, ...extraEnvironment }, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsedMs;
}

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * What each first-party plugin costs at start-up: the time of its `import()` in a
 * fresh Node after the core is loaded (median of a few processes each).
 */
function printPluginImportCosts() {
  const packages = ['plugin-env-vars', 'plugin-working-dir', 'plugin-pip', 'plugin-conda', 'plugin-container'];
  const cliDirectory = fileURLToPath(new URL('..', import.meta.url));
  const probe = (packageName) => `
    await import('@runtime-env/core');
    const started = performance.now();
    await import('@runtime-env/${packageName}');
    console.log(performance.now() - started);`;
  console.log('\nimport cost of each first-party plugin after the core (median of 7 processes):');
  for (const packageName of packages) {
    const times = [];
    for (let run = 0; run < 7; run += 1) {
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe(packageName)], { cwd: cliDirectory, encoding: 'utf8' });
      if (result.status !== 0) {
        times.length = 0;
        break;
      }
      times.push(Number(result.stdout.trim()));
    }
    console.log(`  @runtime-env/${packageName}: ${times.length ? `${median(times).toFixed(1)} ms` : 'not installed or fails to load'}`);
    if (times.length) recordBenchFigures('cli', [{ name: `import cost after the core / @runtime-env/${packageName}`, value: median(times), unit: 'ms' }]);
  }
}

try {
  // Creates the environment, so every timed run finds it cached; one warm-up run each.
  for (const benchCase of cases) timeOnce(benchCase.command, benchCase.env);
  // The fast-path cases must really take it (their debug line says so), or the table would lie.
  for (const benchCase of cases.filter((candidate) => candidate.fastPath)) {
    const { stderr } = spawnSync(benchCase.command[0], benchCase.command.slice(1), { env: { ...environment, RTENV_DEBUG: '1' }, encoding: 'utf8' });
    if (!stderr.includes('fast path hit')) throw new Error(`"${benchCase.name}" did not take the fast path: ${stderr}`);
  }
  const samples = cases.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [index, benchCase] of cases.entries()) samples[index].push(timeOnce(benchCase.command, benchCase.env));
  }
  const medians = samples.map(median);
  const baseline = medians[0];
  const rows = cases.map((benchCase, index) => [
    benchCase.name,
    medians[index].toFixed(1),
    (medians[index] / baseline).toFixed(2),
    (medians[index] - baseline).toFixed(1),
  ]);
  const header = ['case', 'median ms', 'ratio to baseline', 'added ms'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  console.log(`rtenv run overhead: ${runs} interleaved runs per case, node ${process.version}, ${python}`);
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
  recordBenchFigures('cli', figuresOfTable(header, rows, { 'median ms': 'ms', 'ratio to baseline': 'x', 'added ms': 'ms' }));
  const added = medians[headlineCase] - baseline;
  const engineAdded = medians[headlineCase - 2] - baseline;
  console.log(`\nrtenv run (default plugins, cached) adds ${added.toFixed(1)} ms to the command (goal: <= 100 ms): ${added <= 100 ? 'met' : 'NOT met'}`);
  console.log(`the fast path adds ${(added / engineAdded).toFixed(2)}x what the engine path adds (${engineAdded.toFixed(1)} ms) in the same run`);
  printPluginImportCosts();
} finally {
  rmSync(dataDirectory, { recursive: true, force: true });
}
