// Setup processes that ignore SIGTERM, started by a real pip building a real
// setup.py, must not outlive `rtenv`: not after a setup timeout, not after SIGINT,
// not after a kill -9 of rtenv itself (issue 11, item 4).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, collectRtenvOutput, runRtenv, spawnRtenv } from './support/rtenv-process.js';

let workDirectory: string;
let testNumber = 0;
let pidFile: string;
let dataDirectory: string;

function environment(): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PIP_')));
  return { ...kept, PIP_CONFIG_FILE: '/dev/null', RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' };
}

/**
 * A project whose setup.py starts a grandchild that ignores SIGTERM, writes both
 * pids to `pidFile`, then never finishes (the reproduction).
 */
function stubbornProject(): string {
  const project = path.join(workDirectory, `hp${testNumber}`);
  mkdirSync(project);
  writeFileSync(
    path.join(project, 'setup.py'),
    [
      'import os, subprocess, time',
      'from setuptools import setup',
      `grandchild = subprocess.Popen(["sh", "-c", "trap '' TERM; while :; do sleep 1; done"])`,
      `with open(${JSON.stringify(pidFile)}, "a") as pids: pids.write(f"{os.getpid()}\\n{grandchild.pid}\\n")`,
      'time.sleep(600)',
      `setup(name="hp${testNumber}", version="0.1")`,
    ].join('\n'),
  );
  return project;
}

function documentFor(project: string, timeoutSeconds: number): string {
  return JSON.stringify({
    pip: { packages: [`hp${testNumber} @ file://${project}`], pip_install_options: ['--no-build-isolation'] },
    config: { setup_timeout_seconds: timeoutSeconds },
  });
}

function setupPids(): number[] {
  return existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : [];
}

/** Running, as opposed to gone or a zombie nobody reaped. */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, what: string, deadlineMs = 120_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(() => {
  assertRtenvBuilt();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-setup-processes-'));
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('setup processes and the life of rtenv', () => {
  afterEach(() => {
    for (const pid of setupPids()) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  });

  function nextTest(): void {
    testNumber += 1;
    pidFile = path.join(workDirectory, `pids-${testNumber}.txt`);
    dataDirectory = path.join(workDirectory, `data-${testNumber}`);
  }

  it('after a setup timeout, rtenv exits only once the processes that ignore SIGTERM are gone', async () => {
    nextTest();
    const result = await runRtenv(['run', '-e', documentFor(stubbornProject(), 10), '--', 'true'], { cwd: workDirectory, env: environment() });
    expect(result.stderr).toContain('setup_timeout');
    expect(setupPids()).toHaveLength(2);
    // Looked at the moment rtenv has exited: no waiting for a stray timer.
    expect(setupPids().filter(isRunning)).toEqual([]);
  });

  it('after SIGINT during the creation, rtenv exits 130 only once the setup processes are gone', async () => {
    nextTest();
    const child = spawnRtenv(['run', '-e', documentFor(stubbornProject(), 600), '--', 'true'], { cwd: workDirectory, env: environment() });
    child.stdin.end();
    const result = collectRtenvOutput(child);
    await waitUntil(() => setupPids().length === 2, 'setup.py started its grandchild');
    child.kill('SIGINT');
    expect((await result).code).toBe(130);
    expect(setupPids().filter(isRunning)).toEqual([]);
  });

  it('after a kill -9 of rtenv, the setup processes die too, and the next rtenv ls shows nothing left creating', async () => {
    nextTest();
    const child = spawnRtenv(['run', '-e', documentFor(stubbornProject(), 600), '--', 'true'], { cwd: workDirectory, env: environment() });
    child.stdin.end();
    const result = collectRtenvOutput(child);
    await waitUntil(() => setupPids().length === 2, 'setup.py started its grandchild');
    child.kill('SIGKILL');
    await result;
    // The parent's death is noticed by the kernel closing a pipe; allow a generous bound.
    await waitUntil(() => setupPids().every((pid) => !isRunning(pid)), 'the orphaned setup processes are gone', 30_000);

    const listed = await runRtenv(['ls', '--json'], { cwd: workDirectory, env: environment() });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const pipUris = path.join(dataDirectory, 'plugins', 'pip', 'uris');
    expect(existsSync(pipUris) ? readdirSync(pipUris) : []).toEqual([]);
  });
});
