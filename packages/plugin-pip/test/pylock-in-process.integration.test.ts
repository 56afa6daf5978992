import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildWheel, startPythonIndex, type BuiltWheel, type PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDistributionsInProcess } from '../src/environment-listing.js';
import { listDistributionsScript } from '../src/installation-lock.js';
import { parsePylock } from '../src/lock/pylock-read.js';
import { selectFromPylock } from '../src/lock/pylock-selection.js';
import { selectFromPylockInProcess } from '../src/lock/pylock-selection-in-process.js';
import { pipPlugin } from '../src/index.js';
import { interpreterFacts } from '../src/python-packaging/interpreter-facts.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';

isolatePipFromMachineConfig();
const execFileAsync = promisify(execFile);

let index: PythonIndex;
let wheels: BuiltWheel[];
let work: string;
beforeAll(async () => {
  wheels = await Promise.all([
    buildWheel({ name: 'fixture-lib', version: '2.0.0' }),
    buildWheel({ name: 'fixture-app', version: '1.0.0', requires: ['fixture-lib>=2'], consoleScripts: { 'fixture-app': 'fixture_app:main' } }),
  ]);
  index = await startPythonIndex({ files: wheels });
  work = await mkdtemp(join(tmpdir(), 'rtenv-pylock-in-process-'));
});
afterAll(async () => {
  await index.close();
  await rm(work, { recursive: true, force: true });
});

/** Records every program this process (all its threads) and its children execute while `work` runs, with strace. */
async function programsStartedDuring(work: () => Promise<void>): Promise<string[]> {
  const output = join(tmpdir(), `rtenv-strace-${process.pid}-${Date.now()}.txt`);
  const tracer = spawn('strace', ['-f', '-qq', '-s', '300', '-e', 'trace=execve', '-o', output, '-p', String(process.pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      void readFile(output, 'utf8').then(
        () => {
          clearInterval(timer);
          resolve();
        },
        () => undefined,
      );
    }, 20);
    tracer.once('error', reject);
  });
  try {
    await work();
  } finally {
    tracer.kill('SIGINT');
    await new Promise((resolve) => tracer.once('exit', resolve));
  }
  const lines = (await readFile(output, 'utf8')).split('\n');
  await rm(output, { force: true });
  return lines.filter((line) => line.includes('execve(') && / = 0$/.test(line));
}

describe('an environment from a pylock.toml whose wheels are all in the store', () => {
  it('is made without starting Python, and holds what the Python path decides', async () => {
    const harness = await openPipHarness();
    const first = await harness.build({ spec: { packages: ['fixture-app'], pip_install_options: ['--index-url', index.url] } });
    const lockPath = join(work, 'pylock.toml');
    await writeFile(lockPath, pipPlugin.formatLock!(first.result.lock ?? [], 'pylock'));

    let second: Awaited<ReturnType<typeof harness.build>> | undefined;
    const started = await programsStartedDuring(async () => {
      second = await harness.build({ spec: lockPath });
      // The control: a Python started while tracing is seen, so an empty list below means none ran.
      await execFileAsync('python3', ['-c', 'pass  # rtenv-control']);
    });
    const pythons = started.filter((line) => /execve\("[^"]*\/python[^"/]*"/.test(line));
    expect(pythons.length).toBeGreaterThan(0);
    expect(pythons.filter((line) => !line.includes('rtenv-control'))).toEqual([]);
    expect([...((second!.result.details?.store as { linkedDistributions: string[] } | undefined)?.linkedDistributions ?? [])].sort()).toEqual([
      'fixture-app',
      'fixture-lib',
    ]);

    // The in-process answers are the Python path's answers for the same environment.
    const python = (await execFileAsync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'])).stdout.trim();
    const facts = await interpreterFacts(python, join(work, 'facts'), new AbortController().signal);
    const lock = parsePylock(await readFile(lockPath, 'utf8'), 'pylock.toml');
    expect(selectFromPylockInProcess(facts, lock)).toEqual(await selectFromPylock(python, lock, new AbortController().signal));
    const venv = join(second!.directory, 'venv');
    const byPython = JSON.parse((await execFileAsync(join(venv, 'bin', 'python'), ['-c', listDistributionsScript])).stdout) as unknown;
    const sitePackages = join(venv, 'lib', `python${facts.version.split('.').slice(0, 2).join('.')}`, 'site-packages');
    expect(await listDistributionsInProcess(sitePackages, facts, true, process.env)).toEqual(byPython);
    expect(second!.result.lock).toEqual(first.result.lock);
  });
});
