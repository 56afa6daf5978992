// What the working_dir plugin leaves in its local package store is collected
// (issue 11, item 5): half-written packages of dead writers go at the next start
// of any rtenv command, and a package goes with the last URI made from it, under
// the same references as everything else. The built binary, real child processes.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, collectRtenvOutput, runRtenv, spawnRtenv, type RtenvResult } from './support/rtenv-process.js';

let workDirectory: string;
let dataDirectory: string;

function environment(): NodeJS.ProcessEnv {
  return { ...process.env, RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: '' };
}

function rtenv(args: readonly string[]): Promise<RtenvResult> {
  return runRtenv(args, { cwd: workDirectory, env: environment() });
}

const storeDirectory = (): string => path.join(dataDirectory, 'packages');
const incomingDirectory = (): string => path.join(storeDirectory(), '.incoming');
const storePackages = (): string[] => (existsSync(storeDirectory()) ? readdirSync(storeDirectory()).filter((name) => name.startsWith('pkg_')) : []);

/** Field 22 of /proc/<pid>/stat: with the pid, what names one process for the life of the machine. */
function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

/** A process that runs until killed, for a writer identity that is alive, then dead. */
async function startWriter(): Promise<{ pid: number; kill: () => Promise<void> }> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

beforeAll(() => {
  assertRtenvBuilt();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-working-dir-leftovers-'));
  dataDirectory = path.join(workDirectory, 'data');
  mkdirSync(path.join(workDirectory, 'project'));
  writeFileSync(path.join(workDirectory, 'project', 'helper.py'), 'NAME = "kept"\n');
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('leftovers in the local package store', () => {
  it('the next start of rtenv removes the half-written packages of dead writers and keeps those of live ones', async () => {
    mkdirSync(incomingDirectory(), { recursive: true });
    const dead = await startWriter();
    const live = await startWriter();
    try {
      // Named as the plugin names them: `package-<pid>-<start time>-<random>.partial`.
      const deadPartial = path.join(incomingDirectory(), `package-${dead.pid}-${startTimeOf(dead.pid)}-0123456789ab.partial`);
      const livePartial = path.join(incomingDirectory(), `package-${live.pid}-${startTimeOf(live.pid)}-0123456789ab.partial`);
      // What an older version left: no writer in the name, untouched for a day.
      const olderPartial = path.join(incomingDirectory(), 'package-ba9876543210.partial');
      for (const file of [deadPartial, livePartial, olderPartial]) writeFileSync(file, Buffer.alloc(64 * 1024));
      const aDayAgo = new Date(Date.now() - 24 * 3600 * 1000);
      utimesSync(olderPartial, aDayAgo, aDayAgo);
      await dead.kill();

      const listed = await rtenv(['ls']);
      expect(listed.code).toBe(0);
      expect(readdirSync(incomingDirectory()).sort()).toEqual([path.basename(livePartial)]);
    } finally {
      await dead.kill();
      await live.kill();
    }
  });

  it('gc keeps the store package while an environment made from it is referenced, and removes it with the last URI', async () => {
    const document = JSON.stringify({ working_dir: path.join(workDirectory, 'project') });
    const holder = spawnRtenv(['run', '-q', '-e', document, '--', 'python3', '-c', 'import sys, helper; print(helper.NAME, flush=True); sys.stdin.read()'], {
      cwd: workDirectory,
      env: environment(),
    });
    const held = collectRtenvOutput(holder);
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('kept') && resolve());
      holder.once('close', () => reject(new Error('rtenv run ended before the command started')));
    });
    const packages = storePackages();
    expect(packages).toHaveLength(1);
    const packageBytes = readFileSync(path.join(storeDirectory(), packages[0]!)).length;
    // The URI's size counts its store package, so budgets see the store too.
    const [record] = JSON.parse((await rtenv(['ls', '--json'])).stdout) as { sizeBytes: number }[];
    expect(record!.sizeBytes).toBeGreaterThanOrEqual(packageBytes);

    const whileReferenced = await rtenv(['gc', '--all']);
    expect(whileReferenced.code).toBe(0);
    expect(storePackages()).toEqual(packages);

    holder.stdin.end();
    expect((await held).code).toBe(0);
    const collected = await rtenv(['gc', '--all']);
    expect(collected.code).toBe(0);
    expect(storePackages()).toEqual([]);

    // Packed again on the next run: the store never serves a package that is gone.
    const again = await rtenv(['run', '-q', '-e', document, '--', 'python3', '-c', 'import helper; print(helper.NAME)']);
    expect({ code: again.code, stdout: again.stdout.trim() }).toEqual({ code: 0, stdout: 'kept' });
    expect(storePackages()).toEqual(packages);
  });
});
