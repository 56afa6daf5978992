// The container plugin's standbys live only in `rtenv agent`, in its memory: a
// second launch of a plan runs in the standby the first one left, and every
// standby is gone once the agent stops, idles them out, or is killed and started
// again. The agent has no route that launches, so the fixture runs the agent as
// the CLI starts it and launches through the agent's own engine. Checked through
// the Docker Engine itself (`docker ps --all` by the plugin's labels).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBusyboxImage, ensureDockerEngine, removeImages, runDockerCommand, type LocalImage } from '@runtime-env/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt } from './support/rtenv-process.js';

const fixture = fileURLToPath(new URL('./fixtures/agent-launching-containers.mjs', import.meta.url));
let workDirectory: string;
let image: LocalImage;
const agents: ChildProcessWithoutNullStreams[] = [];

interface LaunchingAgent {
  child: ChildProcessWithoutNullStreams;
  /** Runs a command through the agent's engine; its output, without the "exit" line. */
  launch(command: readonly string[]): Promise<string>;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
}

/** Starts the fixture agent on a data directory and waits until its environment is ready. */
async function startAgent(dataDirectory: string, env: Record<string, string> = {}): Promise<LaunchingAgent> {
  const child = spawn(process.execPath, [fixture, dataDirectory, image.name], { cwd: workDirectory, env: { ...process.env, RTENV_CONFIG: '', ...env } });
  agents.push(child);
  let output = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk) => {
    output += chunk;
    for (const waiter of waiters.splice(0)) waiter();
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const nextLine = async (pattern: RegExp): Promise<string> => {
    for (;;) {
      const match = pattern.exec(output);
      if (match) {
        const consumed = output.slice(0, match.index + match[0].length);
        output = output.slice(consumed.length);
        return consumed;
      }
      if (child.exitCode !== null) throw new Error(`the agent exited ${child.exitCode}: ${stderr}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  await nextLine(/^ready\n/m);
  return {
    child,
    exited,
    async launch(command) {
      child.stdin.write(`${JSON.stringify(command)}\n`);
      const consumed = await nextLine(/^exit (\d+)\n/m);
      return consumed.replace(/exit \d+\n$/, '');
    },
  };
}

/** Every container of the plugin made from the test's image, in any state, as `docker ps --all` lists them: `{id, name, state}`. */
async function containersOfImage(): Promise<{ id: string; name: string; state: string }[]> {
  const { stdout } = await runDockerCommand([
    'ps',
    '--all',
    '--no-trunc',
    '--format',
    '{{.ID}} {{.Names}} {{.State}}',
    '--filter',
    'label=io.runtime-env.plugin',
    '--filter',
    `ancestor=${image.id}`,
  ]);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', name = '', state = ''] = line.split(' ');
      return { id, name, state };
    });
}

/** Waits until the listed containers are exactly one running standby, other than `previous`; returns it. */
async function oneRunningStandby(previous?: string): Promise<{ id: string }> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const listed = await containersOfImage();
    if (listed.length === 1 && listed[0]!.state === 'running' && listed[0]!.name.startsWith('rtenv-pool-standby-') && listed[0]!.id !== previous)
      return listed[0]!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected one running standby, found ${JSON.stringify(await containersOfImage())}`);
}

async function eventuallyNone(attempts = 100): Promise<unknown[]> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const listed = await containersOfImage();
    if (listed.length === 0) return listed;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return containersOfImage();
}

beforeAll(async () => {
  assertRtenvBuilt();
  await ensureDockerEngine();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-agent-standby-'));
  image = await buildBusyboxImage({
    name: `rtenv-e2e-${path
      .basename(workDirectory)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}/busybox:1`,
  });
});
afterEach(async () => {
  for (const child of agents.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  if (image) {
    const left = (await containersOfImage()).map((container) => container.id);
    if (left.length > 0) await runDockerCommand(['rm', '--force', ...left]);
    await removeImages([image.name, image.id]);
  }
  if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
});

describe('standby containers of rtenv agent', () => {
  it('runs a second launch of the same plan in the standby the first left, and removes every standby on SIGTERM', async () => {
    expect(await containersOfImage()).toEqual([]);
    const agent = await startAgent(path.join(workDirectory, 'stop'));
    expect(await agent.launch(['echo', 'first'])).toBe('first\n');
    const standby = await oneRunningStandby();
    // A container's hostname is its short id: the second command ran in the standby.
    expect(await agent.launch(['hostname'])).toBe(`${standby.id.slice(0, 12)}\n`);
    await oneRunningStandby(standby.id);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    // Once the agent has exited, not eventually: its close removed them before it returned.
    expect(await containersOfImage()).toEqual([]);
  });

  it('removes a standby that idles past standbyIdleSeconds set in the config, while the agent runs', async () => {
    const config = path.join(workDirectory, 'idle.config.json');
    writeFileSync(config, JSON.stringify({ pluginOptions: { '@runtime-env/plugin-container': { standbyIdleSeconds: 2 } } }));
    const agent = await startAgent(path.join(workDirectory, 'idle'), { RTENV_CONFIG: config });
    expect(await agent.launch(['true'])).toBe('');
    await oneRunningStandby();
    expect(await eventuallyNone()).toEqual([]);
    expect(agent.child.exitCode).toBeNull();
  });

  it('removes the standbys of a killed agent when the next agent starts', async () => {
    const dataDirectory = path.join(workDirectory, 'crash');
    const crashed = await startAgent(dataDirectory);
    await crashed.launch(['true']);
    const standby = await oneRunningStandby();
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    expect((await containersOfImage()).map((container) => container.id)).toEqual([standby.id]);
    const next = await startAgent(dataDirectory);
    // Ready means its engine opened, and the opening swept what the dead agent left.
    expect(await containersOfImage()).toEqual([]);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });
});
