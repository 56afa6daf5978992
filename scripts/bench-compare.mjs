#!/usr/bin/env node
// Every benchmark, before and after a change, in the same run:
//
//   node scripts/bench-compare.mjs BEFORE_REF AFTER_REF [options]
//
// Clones the repository twice under /tmp (one clone per ref, detached at it),
// bootstraps both (scripts/bootstrap.sh: install and build), then runs each
// package's `bench` script on the two checkouts one after the other, bench by bench
// (with --rounds N, the order alternates each round and medians are kept), and writes
// a Markdown table: benchmark, figure, unit, which way is better, before, after,
// after/before, and a flag on every change beyond 10% (worse or better, in the figure's
// direction: scripts/bench-compare/better-direction.mjs). Each side runs its own bench
// scripts against its own code: a runner cannot be carried across a change of the API it measures.
//
// Figures come from RTENV_BENCH_JSON (see tooling/bench-results.js) when both sides'
// runners write it; otherwise, for both sides alike, from what the runners printed
// (scripts/bench-compare/printed-figures.mjs), so a ref older than the JSON option
// is compared on the same footing. The table says which source each benchmark used.
//
// Options:
//   --only a,b        only these benchmarks (package folders: plugin-env-vars,safe-extract)
//   --with-ray        include packages/ray (real Ray clusters: tens of minutes; skipped otherwise)
//   --rounds N        runs per side and benchmark (default 1)
//   --out FILE        where the table goes (default bench-compare-<before>-<after>.md here)
//   --repo PATH       the repository to clone (default: the one this script is in)
//   --workdir PATH    where the clones and logs go (default /tmp/rtenv-bench-compare)
//   --fresh           clone again even if a clone of the same commit is there
//   --timeout-min N   give up on one bench run after N minutes (default 90)
// The runners' own knobs pass through the environment (BENCH_ROUNDS, RUNS, BENCH_LARGE=0...).
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparisonTable } from './bench-compare/comparison-table.mjs';
import { figuresInPrintedOutput } from './bench-compare/printed-figures.mjs';

const RAY_SKIP_REASON = 'skipped: starts real Ray clusters per round (tens of minutes); pass --with-ray to include it';
/** What each benchmark needs from the machine beyond a bootstrapped checkout. */
const NEEDS_DOCKER = new Set(['plugin-container']);

function parseArguments(argv) {
  const options = {
    only: undefined,
    withRay: false,
    rounds: 1,
    out: undefined,
    repo: undefined,
    workdir: '/tmp/rtenv-bench-compare',
    fresh: false,
    timeoutMinutes: 90,
  };
  const refs = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) fail(`${argument} needs a value`);
      return next;
    };
    if (argument === '--only')
      options.only = value()
        .split(',')
        .map((name) => name.trim().replace(/^@runtime-env\//, ''))
        .filter(Boolean);
    else if (argument === '--with-ray') options.withRay = true;
    else if (argument === '--rounds') options.rounds = positiveInteger(value(), '--rounds');
    else if (argument === '--out') options.out = path.resolve(value());
    else if (argument === '--repo') options.repo = path.resolve(value());
    else if (argument === '--workdir') options.workdir = path.resolve(value());
    else if (argument === '--fresh') options.fresh = true;
    else if (argument === '--timeout-min') options.timeoutMinutes = positiveInteger(value(), '--timeout-min');
    else if (argument.startsWith('--')) fail(`unknown option ${argument}`);
    else refs.push(argument);
  }
  if (refs.length !== 2) fail('usage: node scripts/bench-compare.mjs BEFORE_REF AFTER_REF [--only a,b] [--with-ray] [--rounds N] [--out FILE]');
  return { refs, options };
}

function positiveInteger(text, name) {
  const number = Number(text);
  if (!Number.isInteger(number) || number < 1) fail(`${name} must be a whole number of at least 1, not "${text}"`);
  return number;
}

function fail(message) {
  process.stderr.write(`bench-compare: ${message}\n`);
  process.exit(2);
}

const log = (message) => process.stderr.write(`bench-compare: ${message}\n`);
const git = (directory, ...args) => execFileSync('git', ['-C', directory, ...args], { encoding: 'utf8' }).trim();

/** A clone of `repo` detached at `commit`, reused when one is already there and clean. */
function checkoutAt(repo, commit, workdir, fresh) {
  const directory = path.join(workdir, commit.slice(0, 12));
  if (existsSync(directory) && !fresh) {
    try {
      if (git(directory, 'rev-parse', 'HEAD') === commit && git(directory, 'status', '--porcelain', '--untracked-files=no') === '') {
        log(`reusing ${directory}`);
        return directory;
      }
    } catch {
      // Not a usable clone: made again below.
    }
  }
  rmSync(directory, { recursive: true, force: true });
  log(`cloning ${repo} at ${commit.slice(0, 12)} into ${directory}`);
  execFileSync('git', ['clone', '--quiet', '--no-checkout', repo, directory], { stdio: 'inherit' });
  execFileSync('git', ['-C', directory, 'checkout', '--quiet', '--detach', commit], { stdio: 'inherit' });
  return directory;
}

function bootstrap(directory, logFile) {
  log(`bootstrapping ${directory} (log: ${logFile})`);
  const output = openSync(logFile, 'w');
  try {
    execFileSync('bash', ['scripts/bootstrap.sh'], {
      cwd: directory,
      stdio: ['ignore', output, output],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
  } catch {
    fail(`bootstrap failed in ${directory}: see ${logFile}`);
  } finally {
    closeSync(output);
  }
}

/** Package folders with a `bench` script, by folder name → package name. */
function benchmarksIn(directory) {
  const packagesDirectory = path.join(directory, 'packages');
  const found = new Map();
  for (const folder of readdirSync(packagesDirectory)) {
    const manifestFile = path.join(packagesDirectory, folder, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.scripts?.bench) found.set(folder, manifest.name);
  }
  return found;
}

/** Runs one bench script; resolves with its exit code, what it printed and the JSON figures it wrote. */
function runBench(directory, packageName, files, timeoutMinutes) {
  rmSync(files.json, { force: true });
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('pnpm', ['--filter', packageName, 'run', 'bench'], {
      cwd: directory,
      env: { ...process.env, RTENV_BENCH_JSON: files.json, TURBO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = [];
    const logStream = createWriteStream(files.log);
    child.stdout.on('data', (chunk) => {
      stdout.push(chunk);
      logStream.write(chunk);
    });
    child.stderr.pipe(logStream, { end: false });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMinutes * 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      logStream.end();
      const json = existsSync(files.json)
        ? readFileSync(files.json, 'utf8')
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => JSON.parse(line))
        : [];
      resolve({ exitCode: code, signal, printed: Buffer.concat(stdout).toString('utf8'), json, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** One figure per name: the median over rounds (the lower middle for an even count). */
function medianFigures(rounds) {
  const byName = new Map();
  for (const figures of rounds) {
    for (const figure of figures) {
      const entry = byName.get(figure.name) ?? { ...figure, values: [] };
      entry.values.push(figure.value);
      byName.set(figure.name, entry);
    }
  }
  return [...byName.values()].map(({ values, ...figure }) => ({ ...figure, value: [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] }));
}

async function main() {
  const { refs, options } = parseArguments(process.argv.slice(2));
  const repo = options.repo ?? git(path.dirname(fileURLToPath(import.meta.url)), 'rev-parse', '--show-toplevel');
  const [beforeRef, afterRef] = refs;
  const commits = refs.map((ref) => {
    try {
      return git(repo, 'rev-parse', '--verify', `${ref}^{commit}`);
    } catch {
      return fail(`"${ref}" names no commit in ${repo}`);
    }
  });
  mkdirSync(options.workdir, { recursive: true });
  const runDirectory = path.join(options.workdir, `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(runDirectory, { recursive: true });
  const sides = ['before', 'after'].map((side, index) => ({
    side,
    ref: refs[index],
    commit: commits[index],
    directory: checkoutAt(repo, commits[index], options.workdir, options.fresh),
  }));
  for (const side of sides) bootstrap(side.directory, path.join(runDirectory, `bootstrap-${side.side}.log`));

  const available = sides.map((side) => benchmarksIn(side.directory));
  const all = [...new Set([...available[0].keys(), ...available[1].keys()])].sort();
  if (options.only) {
    const unknown = options.only.filter((name) => !all.includes(name));
    if (unknown.length > 0) fail(`no bench script in either checkout for: ${unknown.join(', ')} (there are: ${all.join(', ')})`);
  }
  const selected = all.filter((name) => (options.only ? options.only.includes(name) : true));
  const results = [];
  const notes = [];
  const toRun = [];
  for (const folder of selected) {
    const missing = sides.filter((_, index) => !available[index].has(folder)).map((side) => side.side);
    if (missing.length > 0) {
      results.push({ benchmark: folder, source: '', before: [], after: [], note: `no bench script ${missing.join(' and ')}` });
    } else if (folder === 'ray' && !options.withRay) {
      results.push({ benchmark: folder, source: '', before: [], after: [], note: RAY_SKIP_REASON });
    } else {
      toRun.push(folder);
    }
  }
  if (toRun.some((folder) => NEEDS_DOCKER.has(folder))) {
    log('starting Docker if needed (scripts/ensure-docker.sh)');
    execFileSync('bash', ['scripts/ensure-docker.sh'], { cwd: sides[1].directory, stdio: ['ignore', 'inherit', 'inherit'] });
  }

  for (const folder of toRun) {
    const runs = { before: [], after: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const packageName = available[side === sides[0] ? 0 : 1].get(folder);
        const base = path.join(runDirectory, `${folder}-${side.side}-${round + 1}`);
        log(`${folder}: ${side.side} (${side.ref}), round ${round + 1} of ${options.rounds}`);
        const run = await runBench(side.directory, packageName, { json: `${base}.jsonl`, log: `${base}.log` }, options.timeoutMinutes);
        log(`${folder}: ${side.side} took ${run.seconds.toFixed(0)} s, exit ${run.exitCode ?? run.signal}`);
        runs[side.side].push({ ...run, logFile: `${base}.log` });
      }
    }
    const failed = [...runs.before, ...runs.after].filter((run) => run.exitCode !== 0);
    const fromJson = [...runs.before, ...runs.after].every((run) => run.json.length > 0);
    const figuresOf = (run) =>
      fromJson ? run.json.map(({ name, value, unit, better }) => ({ name, value, unit, ...(better ? { better } : {}) })) : figuresInPrintedOutput(run.printed);
    const result = {
      benchmark: folder,
      source: fromJson ? 'RTENV_BENCH_JSON' : 'printed output',
      before: medianFigures(runs.before.map(figuresOf)),
      after: medianFigures(runs.after.map(figuresOf)),
    };
    if (failed.length > 0) result.note = `failed: ${failed.map((run) => run.logFile).join(', ')}`;
    results.push(result);
    const seconds = (side) => runs[side].reduce((total, run) => total + run.seconds, 0).toFixed(0);
    notes.push(
      `- ${folder}: figures from ${result.source}; ${seconds('before')} s before, ${seconds('after')} s after${result.note ? `; **${result.note}**` : ''}`,
    );
  }

  const heading = [
    `# Benchmarks: ${beforeRef} (${commits[0].slice(0, 12)}) → ${afterRef} (${commits[1].slice(0, 12)})`,
    '',
    `Run ${new Date().toISOString()} on ${os.hostname()}: node ${process.version}, ${os.cpus().length} CPUs, load average at the end ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(
        ' ',
      )}. ${options.rounds} round(s) per side, before and after run one after the other for each benchmark${options.rounds > 1 ? ' (order alternating each round; medians)' : ''}. Logs: ${runDirectory}.`,
    '',
    ...notes,
    ...results
      .filter((result) => result.note !== undefined && result.before.length === 0 && result.after.length === 0)
      .map((result) => `- ${result.benchmark}: ${result.note}`),
    '',
  ];
  const out = options.out ?? path.resolve(`bench-compare-${beforeRef.replace(/[^\w.-]/g, '_')}-${afterRef.replace(/[^\w.-]/g, '_')}.md`);
  writeFileSync(out, `${heading.join('\n')}\n${comparisonTable(results, { beforeRef, afterRef })}`);
  log(`table written to ${out}`);
}

await main();
