// `rtenv logs -f ENV`: the setup log printed as it grows while another process
// creates the environment, ending with the creation (0 ready, 3 failed), at once on
// an environment already done, and soon after the creating process is killed;
// locally and through an agent.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateWorkspace, waitUntil, type GateWorkspace } from './support/gate-workspace.js';
import { collectRtenvOutput, waitForOutput, type RtenvResult } from './support/rtenv-process.js';

let workspace: GateWorkspace;

beforeAll(() => {
  workspace = createGateWorkspace('rtenv-e2e-follow-');
});
afterAll(() => workspace.remove());

interface Started {
  child: ChildProcessWithoutNullStreams;
  result: Promise<RtenvResult>;
}

function start(args: readonly string[]): Started {
  const child = workspace.start(args);
  child.stdin.end();
  return { child, result: collectRtenvOutput(child) };
}

/** Starts creating the gate's environment in another rtenv and waits until its log says it waits. */
async function startCreating(gate: string, extraArgs: readonly string[] = []): Promise<{ creator: Started; id: string }> {
  const document = workspace.gateDocument(gate);
  const creator = start(['run', '-q', ...extraArgs, '-e', JSON.stringify(document), '--', 'true']);
  const id = await workspace.idOf(document);
  await waitUntil(
    async () => (await workspace.rtenv(['logs', ...extraArgs, id])).stdout.includes('waiting for the gate'),
    `the creation of ${gate} never started`,
  );
  return { creator, id };
}

/** Starts `logs -f` and waits until it has printed the log's first lines while it still runs. */
async function startFollowing(args: readonly string[]): Promise<Started> {
  const follower = start(['logs', '-f', ...args]);
  await waitForOutput(follower.child, 'stdout', 'waiting for the gate');
  expect(follower.child.exitCode).toBeNull();
  return follower;
}

describe('rtenv logs -f on the local data directory', () => {
  it('prints the log as it grows and exits 0 once the creation is ready', async () => {
    const { creator, id } = await startCreating('ok-gate');
    const follower = await startFollowing([id.slice(0, 8)]);
    workspace.openGate('ok-gate');
    const followed = await follower.result;
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toContain('the gate is open');
    expect(followed.stdout).toContain(`environment ${id} ready in`);
    expect((await creator.result).code).toBe(0);
    // The same text as `rtenv logs` prints, once: nothing repeated, nothing lost.
    expect(followed.stdout).toBe((await workspace.rtenv(['logs', id])).stdout);
  });

  it('exits 3 when the creation fails, naming the failure', async () => {
    const { creator, id } = await startCreating('failing-gate');
    const follower = await startFollowing([id]);
    workspace.openGate('failing-gate', 'fail');
    const followed = await follower.result;
    expect(followed.code).toBe(3);
    expect(followed.stdout).toContain('says fail');
    expect(followed.stderr).toContain(`rtenv: environment ${id} failed [plugin_failed]\n  hint: write anything but "fail" into the gate file\n`);
    expect((await creator.result).code).toBe(3);
  });

  it('prints the log and exits at once on an environment already ready (0) or failed (3)', async () => {
    const readyId = await workspace.idOf(workspace.gateDocument('ok-gate'));
    const startedAt = Date.now();
    const ready = await workspace.rtenv(['logs', '-f', readyId]);
    expect(ready.code).toBe(0);
    expect(ready.stdout).toContain('the gate is open');
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    const failed = await workspace.rtenv(['logs', '--follow', await workspace.idOf(workspace.gateDocument('failing-gate'))]);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toContain('says fail');
  });

  it('exits 3 soon after the process creating the environment is killed', async () => {
    const { creator, id } = await startCreating('killed-gate');
    const follower = await startFollowing([id]);
    creator.child.kill('SIGKILL');
    await creator.result;
    const killedAt = Date.now();
    const followed = await follower.result;
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    expect(followed.code).toBe(3);
    expect(followed.stderr).toContain(`the process creating environment ${id} (pid ${creator.child.pid}) is gone`);
  });

  it('exits 4 for an unknown environment', async () => {
    const result = await workspace.rtenv(['logs', '-f', 'ffffffff']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('no environment "ffffffff"');
  });
});

describe('rtenv logs -f through an agent', () => {
  let agent: Awaited<ReturnType<GateWorkspace['startAgent']>>;

  beforeAll(async () => {
    agent = await workspace.startAgent();
  });
  afterAll(() => agent?.stop());

  it('prints the log as the agent creates the environment and exits 0 once it is ready', async () => {
    const { creator, id } = await startCreating('agent-gate', ['--agent', agent.url]);
    const follower = await startFollowing(['--agent', agent.url, id.slice(0, 8)]);
    workspace.openGate('agent-gate');
    const followed = await follower.result;
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toBe((await workspace.rtenv(['logs', '--agent', agent.url, id])).stdout);
    expect(followed.stdout).toContain(`environment ${id} ready in`);
    expect((await creator.result).code).toBe(0);
  });

  it("exits 3 when another process creating in the agent's data directory is killed", async () => {
    const { creator, id } = await startCreating('agent-killed-gate', ['--data-dir', agent.dataDirectory]);
    const follower = await startFollowing(['--agent', agent.url, id]);
    creator.child.kill('SIGKILL');
    const followed = await follower.result;
    expect(followed.code).toBe(3);
    expect(followed.stderr).toContain(`the process creating environment ${id} is gone`);
  });
});
