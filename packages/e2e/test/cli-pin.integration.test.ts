// `rtenv pin` and `rtenv unpin`, on the local data directory and through an agent:
// a pinned environment survives `gc --all`, `ls` shows the pin, an unknown id exits 4.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateWorkspace, type GateWorkspace } from './support/gate-workspace.js';

let workspace: GateWorkspace;

beforeAll(() => {
  workspace = createGateWorkspace('rtenv-e2e-pin-');
});
afterAll(() => workspace.remove());

interface ListedEnvironment {
  id: string;
  pinned: boolean;
  uris: { uri: string }[];
}

describe('rtenv pin and unpin on the local data directory', () => {
  it('keeps a pinned environment through gc --all, shows the pin in ls, and lets gc take it once unpinned', async () => {
    const document = workspace.gateDocument('pinned-gate');
    workspace.openGate('pinned-gate');
    expect((await workspace.rtenv(['run', '-q', '-e', JSON.stringify(document), '--', 'true'])).code).toBe(0);
    const id = await workspace.idOf(document);

    const pinned = await workspace.rtenv(['pin', id.slice(0, 8)]);
    expect(pinned).toMatchObject({ code: 0, stdout: `pinned ${id}\n` });
    const table = await workspace.rtenv(['ls']);
    expect(table.stdout).toMatch(/^ID\s+STATE\s+SIZE\s+REFS\s+PINNED\s+CREATED/m);
    expect(table.stdout).toMatch(new RegExp(`^${id.slice(0, 12)}\\s+ready\\s+0 B\\s+0\\s+yes\\s`, 'm'));
    const listed = JSON.parse((await workspace.rtenv(['ls', '--json'])).stdout) as ListedEnvironment[];
    const record = listed.find((candidate) => candidate.id === id)!;
    expect(record.pinned).toBe(true);

    const kept = JSON.parse((await workspace.rtenv(['gc', '--all', '--json'])).stdout) as { removed: { uri: string }[] };
    expect(kept.removed.map((candidate) => candidate.uri)).not.toContain(record.uris[0]!.uri);

    expect(await workspace.rtenv(['unpin', id])).toMatchObject({ code: 0, stdout: `unpinned ${id}\n` });
    expect((await workspace.rtenv(['ls'])).stdout).toMatch(new RegExp(`^${id.slice(0, 12)}\\s+ready\\s+0 B\\s+0\\s+no\\s`, 'm'));
    const collected = JSON.parse((await workspace.rtenv(['gc', '--all', '--json'])).stdout) as { removed: { uri: string }[] };
    expect(collected.removed.map((candidate) => candidate.uri)).toContain(record.uris[0]!.uri);
  });

  it('exits 4 for an unknown id, naming it and pointing to rtenv ls; 2 without an id', async () => {
    for (const command of ['pin', 'unpin']) {
      const unknown = await workspace.rtenv([command, 'ffffffff']);
      expect(unknown.code).toBe(4);
      expect(unknown.stderr).toContain('[environment_not_found]: no environment "ffffffff"');
      expect(unknown.stderr).toContain('rtenv ls');
      expect((await workspace.rtenv([command])).code).toBe(2);
    }
  });
});

describe('rtenv pin and unpin through an agent', () => {
  let agent: Awaited<ReturnType<GateWorkspace['startAgent']>>;

  beforeAll(async () => {
    agent = await workspace.startAgent();
  });
  afterAll(() => agent?.stop());

  it('pins and unpins by prefix, as ls --agent shows', async () => {
    const document = workspace.gateDocument('agent-gate');
    workspace.openGate('agent-gate');
    expect((await workspace.rtenv(['run', '-q', '--agent', agent.url, '-e', JSON.stringify(document), '--', 'true'])).code).toBe(0);
    const id = await workspace.idOf(document);
    const pinnedThroughAgent = async () =>
      (JSON.parse((await workspace.rtenv(['ls', '--agent', agent.url, '--json'])).stdout) as ListedEnvironment[]).find((view) => view.id === id)?.pinned;

    expect(await workspace.rtenv(['pin', '--agent', agent.url, id.slice(0, 8)])).toMatchObject({ code: 0, stdout: `pinned ${id}\n` });
    expect(await pinnedThroughAgent()).toBe(true);
    expect((await workspace.rtenv(['ls', '--agent', agent.url])).stdout).toMatch(new RegExp(`^${id.slice(0, 12)}\\s+ready\\s+0 B\\s+0\\s+yes\\s`, 'm'));
    expect(await workspace.rtenv(['unpin', '--agent', agent.url, id.slice(0, 8)])).toMatchObject({ code: 0, stdout: `unpinned ${id}\n` });
    expect(await pinnedThroughAgent()).toBe(false);

    const unknown = await workspace.rtenv(['pin', '--agent', agent.url, 'ffffffff']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('no environment "ffffffff" on the agent');
  });

  it('rtenv ls prints the same table with or without --agent: same columns, bytes and times', async () => {
    // The local listing reads the agent's own data directory; only the ages may tick between the two calls.
    const withoutAges = (table: string) => table.replace(/\d+[smhd] ago/g, 'AGE');
    const document = workspace.gateDocument('table-gate');
    workspace.openGate('table-gate');
    expect((await workspace.rtenv(['run', '-q', '--agent', agent.url, '-e', JSON.stringify(document), '--', 'true'])).code).toBe(0);
    const local = await workspace.rtenv(['ls', '--data-dir', agent.dataDirectory]);
    const throughAgent = await workspace.rtenv(['ls', '--agent', agent.url]);
    expect(local.stdout.split('\n').length).toBeGreaterThan(2);
    expect(withoutAges(throughAgent.stdout)).toBe(withoutAges(local.stdout));
  });
});
