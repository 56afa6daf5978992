// `rtenv prewarm FILE` without an agent: each document created in the local data
// directory and pinned, reported as the agent path reports it (same lines, same exit codes).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateWorkspace, type GateWorkspace } from './support/gate-workspace.js';

let workspace: GateWorkspace;

beforeAll(() => {
  workspace = createGateWorkspace('rtenv-e2e-prewarm-');
});
afterAll(() => workspace.remove());

function prewarmFile(name: string, documents: unknown): string {
  const file = path.join(workspace.directory, name);
  writeFileSync(file, JSON.stringify(documents));
  return file;
}

interface ListedEnvironment {
  id: string;
  state: string;
  pinned: boolean;
  references: unknown[];
}

describe('rtenv prewarm on the local data directory', () => {
  it('creates and pins each environment, reports each failure, exits 3 when any failed, and prints what the agent path prints', async () => {
    workspace.openGate('warm-gate');
    const file = prewarmFile('warm.json', [workspace.gateDocument('warm-gate'), { no_such_field: true }, { env_vars: { WARM: '1' } }]);
    const local = await workspace.rtenv(['prewarm', file]);
    expect(local.code, local.stderr).toBe(3);
    const gateId = await workspace.idOf(workspace.gateDocument('warm-gate'));
    const envVarsId = await workspace.idOf({ env_vars: { WARM: '1' } });
    expect(local.stdout).toMatch(
      new RegExp(
        `^#0: ${gateId} ready and pinned\n#1: failed: invalid_runtime_env: [\\s\\S]*unknown field "no_such_field"[\\s\\S]*\n#2: ${envVarsId} ready and pinned\n$`,
      ),
    );

    const listed = JSON.parse((await workspace.rtenv(['ls', '--json'])).stdout) as ListedEnvironment[];
    for (const id of [gateId, envVarsId]) {
      expect(listed.find((record) => record.id === id)).toMatchObject({ state: 'ready', pinned: true, references: [] });
    }

    const agent = await workspace.startAgent();
    try {
      const throughAgent = await workspace.rtenv(['prewarm', file, '--agent', agent.url]);
      expect({ code: throughAgent.code, stdout: throughAgent.stdout }).toEqual({ code: local.code, stdout: local.stdout });
    } finally {
      await agent.stop();
    }
  });

  it('says an environment was cached, prints JSON with --json, and exits 0 when all are ready', async () => {
    const file = prewarmFile('cached.json', { environments: [{ env_vars: { WARM: '1' } }] });
    const result = await workspace.rtenv(['prewarm', '--json', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ index: 0, id: await workspace.idOf({ env_vars: { WARM: '1' } }), state: 'ready', cached: true }]);
  });

  it('exits 3 when a creation fails, naming the plugin error', async () => {
    workspace.openGate('failing-gate', 'fail');
    const result = await workspace.rtenv(['prewarm', prewarmFile('failing.json', [workspace.gateDocument('failing-gate')])]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^#0: failed: plugin_failed: .*says fail/);
  });

  it("gives a failure's hint, the plugin's own, in --json", async () => {
    workspace.openGate('json-failing-gate', 'fail');
    const result = await workspace.rtenv(['prewarm', '--json', prewarmFile('json-failing.json', [workspace.gateDocument('json-failing-gate')])]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        index: 0,
        state: 'failed',
        error: expect.objectContaining({ code: 'plugin_failed', plugin: 'gate', hook: 'create', hint: 'write anything but "fail" into the gate file' }),
      },
    ]);
  });

  it('exits 2 for a file that is not a list of documents', async () => {
    const result = await workspace.rtenv(['prewarm', prewarmFile('bad.json', { nope: 1 })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid_prewarm_file');
  });
});
