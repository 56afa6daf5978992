// A failed creation is replayed only while nothing that could change its outcome
// changed, says so when it is, and `--retry` / `"retry": true` try again. Through
// the built binary: a timeout (a test plugin whose creation waits for a file),
// and pip pointed at an empty index by the caller's PIP_INDEX_URL, then at a real one.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AgentClient } from '@runtime-env/client';
import { buildWheel, startPythonIndex, type PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, rtenvBinary, runRtenv, type RtenvResult } from './support/rtenv-process.js';

const gatePlugin = fileURLToPath(new URL('./fixtures/gate-plugin.mjs', import.meta.url));
const firstPartyPlugins = ['env-vars', 'pip'].map((name) => fileURLToPath(new URL(`../../plugin-${name}/dist/index.js`, import.meta.url)));
let workDirectory: string;
let configPath: string;
let index: PythonIndex;

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const variables: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith('PIP_')) variables[name] = value;
  return { ...variables, PIP_CONFIG_FILE: '/dev/null', RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: configPath, ...extra };
}

function rtenv(args: readonly string[], extra: Record<string, string> = {}): Promise<RtenvResult> {
  return runRtenv(args, { cwd: workDirectory, env: environment(extra) });
}

function gateDocument(name: string, timeoutSeconds: number): string {
  return JSON.stringify({ gate: path.join(workDirectory, name), config: { setup_timeout_seconds: timeoutSeconds } });
}

beforeAll(async () => {
  assertRtenvBuilt();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-replay-'));
  configPath = path.join(workDirectory, 'rtenv.config.json');
  writeFileSync(configPath, JSON.stringify({ plugins: [...firstPartyPlugins.map((file) => pathToFileURL(file).href), pathToFileURL(gatePlugin).href] }));
  mkdirSync(path.join(workDirectory, 'empty-index'));
  index = await startPythonIndex({ files: [await buildWheel({ name: 'fixture-lib', version: '1.0.0' })] });
});

afterAll(async () => {
  await index?.close();
  rmSync(workDirectory, { recursive: true, force: true });
});

describe('replayed failures', () => {
  it('tries again at once when the timeout was raised, as the hint says', async () => {
    const timedOut = await rtenv(['run', '--quiet', '-e', gateDocument('gate-a', 1), '--', 'true']);
    expect(timedOut.code).toBe(3);
    expect(timedOut.stderr).toContain('timed out after 1 s');
    writeFileSync(path.join(workDirectory, 'gate-a'), '');
    const raised = await rtenv(['run', '--quiet', '-e', gateDocument('gate-a', 600), '--', 'true']);
    expect({ code: raised.code, stderr: raised.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('says a replay is a cached failure, from when, and how to retry; --retry tries again', async () => {
    const document = gateDocument('gate-b', 1);
    expect((await rtenv(['run', '--quiet', '-e', document, '--', 'true'])).code).toBe(3);
    writeFileSync(path.join(workDirectory, 'gate-b'), '');
    const replayed = await rtenv(['run', '--quiet', '-e', document, '--', 'true']);
    expect(replayed.code).toBe(3);
    expect(replayed.stderr).toMatch(/cached failure from \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ s ago\)/);
    expect(replayed.stderr).toContain('rtenv run --retry');
    const retried = await rtenv(['run', '--quiet', '--retry', '-e', document, '--', 'true']);
    expect({ code: retried.code, stderr: retried.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it("tries pip again once the caller's PIP_INDEX_URL names a real index", async () => {
    const document = JSON.stringify({ pip: ['fixture-lib==1.0.0'] });
    const script = ['python', '-c', 'import fixture_lib; print(fixture_lib.__version__)'];
    const wrongIndex = await rtenv(['run', '--quiet', '-e', document, '--', ...script], {
      PIP_INDEX_URL: pathToFileURL(path.join(workDirectory, 'empty-index')).href,
    });
    expect(wrongIndex.code).toBe(3);
    const rightIndex = await rtenv(['run', '--quiet', '-e', document, '--', ...script], { PIP_INDEX_URL: index.url });
    expect(rightIndex.stderr).not.toContain('empty-index');
    expect({ code: rightIndex.code, stdout: rightIndex.stdout.trim() }).toEqual({ code: 0, stdout: '1.0.0' });
  });
});

describe('replayed failures through the agent', () => {
  let agentProcess: ChildProcess;
  let client: AgentClient;
  let agentUrl: string;

  beforeAll(async () => {
    const addressFile = path.join(workDirectory, 'agent.json');
    agentProcess = spawn(process.execPath, [rtenvBinary, 'agent', '--address-file', addressFile], { cwd: workDirectory, env: environment(), stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while (!existsSync(addressFile)) {
      if (Date.now() > deadline) throw new Error('the agent did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    agentUrl = (JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url;
    client = new AgentClient({ url: agentUrl });
  });

  afterAll(async () => {
    client?.close();
    agentProcess?.kill('SIGTERM');
    if (agentProcess) await new Promise((resolve) => agentProcess.on('exit', resolve));
  });

  it('replays a failure until the create request says "retry": true', async () => {
    const runtimeEnv = JSON.parse(gateDocument('gate-c', 1)) as Record<string, never>;
    await expect(client.getOrCreate({ runtimeEnv, owner: 'replay-test' })).rejects.toMatchObject({ code: 'setup_timeout' });
    writeFileSync(path.join(workDirectory, 'gate-c'), '');
    await expect(client.getOrCreate({ runtimeEnv, owner: 'replay-test' })).rejects.toThrow(/cached failure from/);
    const ready = await client.getOrCreate({ runtimeEnv, owner: 'replay-test', retry: true });
    expect(ready.environment.state).toBe('ready');
    await client.release(ready.environment.id, 'replay-test');
  });

  it('shows `rtenv run --agent` a fresh failure as it happened, and only the next run as a cached one', async () => {
    const document = gateDocument('gate-d', 1);
    const fresh = await rtenv(['run', '--quiet', '--agent', agentUrl, '-e', document, '--', 'true']);
    expect(fresh.code).toBe(3);
    expect(fresh.stderr).toContain('timed out after 1 s');
    expect(fresh.stderr).not.toContain('cached failure');
    const replayed = await rtenv(['run', '--quiet', '--agent', agentUrl, '-e', document, '--', 'true']);
    expect(replayed.code).toBe(3);
    expect(replayed.stderr).toContain('cached failure from');
  });
});
