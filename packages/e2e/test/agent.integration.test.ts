// `rtenv agent` and the `--agent URL` options, run as a user runs them: the built
// binary in child processes, talking over loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRtenv, type RtenvResult } from './support/rtenv-process.js';

const binPath = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
const token = 'e2e-token-0123456789abcdef0123456789';
let workDirectory: string;
let agentProcess: ChildProcess;
let agentUrl: string;

function rtenv(args: readonly string[], env: Record<string, string> = {}): Promise<RtenvResult> {
  return runRtenv(args, { cwd: workDirectory, env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '', ...env } });
}

function statusOf(url: string, authorization?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: authorization ? { authorization } : {} }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

async function waitForFile(file: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: build it with \`pnpm --filter @runtime-env/cli... build\``);
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-agent-'));
  const addressFile = path.join(workDirectory, 'agent.json');
  agentProcess = spawn(process.execPath, [binPath, 'agent', '--address-file', addressFile], {
    cwd: workDirectory,
    env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '' },
    stdio: 'ignore',
  });
  await waitForFile(addressFile);
  agentUrl = (JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url;
});

afterAll(async () => {
  agentProcess.kill('SIGTERM');
  await new Promise((resolve) => agentProcess.on('exit', resolve));
  rmSync(workDirectory, { recursive: true, force: true });
});

describe('rtenv agent with the --agent commands', () => {
  it('runs a command locally in an environment the agent created, then lists, logs, collects and removes it', async () => {
    const run = await rtenv([
      'run',
      '--quiet',
      '--agent',
      agentUrl,
      '-e',
      '{"env_vars": {"GREETING": "hello through the agent"}}',
      '--',
      'sh',
      '-c',
      'echo "$GREETING"',
    ]);
    expect(run).toMatchObject({ code: 0, stdout: 'hello through the agent\n' });
    const listed = await rtenv(['ls', '--agent', agentUrl, '--json']);
    const views = JSON.parse(listed.stdout) as { id: string; runtimeEnv: unknown; references: unknown[] }[];
    expect(views).toHaveLength(1);
    expect(views[0]!.runtimeEnv).toEqual({ env_vars: { GREETING: '***' } });
    // The run released its reference when the command ended.
    expect(views[0]!.references).toEqual([]);
    expect((await rtenv(['logs', '--agent', agentUrl, views[0]!.id.slice(0, 8)])).code).toBe(0);
    expect((await rtenv(['gc', '--agent', agentUrl, '--dry-run'])).code).toBe(0);
    const removed = await rtenv(['rm', '--agent', agentUrl, views[0]!.id.slice(0, 8)]);
    expect(removed.stdout).toContain(`removed ${views[0]!.id}`);
    expect((await rtenv(['logs', '--agent', agentUrl, views[0]!.id])).code).toBe(4);
  });

  it('prewarms a file of environments and pins them, exiting 3 when one fails', async () => {
    const file = path.join(workDirectory, 'warm.json');
    writeFileSync(file, JSON.stringify([{ env_vars: { WARM: '1' } }, { no_such_field: true }]));
    const result = await rtenv(['prewarm', file, '--agent', agentUrl]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/#0: [0-9a-f]+ ready and pinned/);
    expect(result.stdout).toContain('#1: failed: invalid_runtime_env');
  });

  it('refuses to bind off loopback without a token; with one, answers 401 to a wrong token', async () => {
    const refused = await rtenv(['agent', '--host', '0.0.0.0', '--address-file', path.join(workDirectory, 'never.json')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('without a bearer token');

    const tokenFile = path.join(workDirectory, 'token');
    writeFileSync(tokenFile, `${token}\n`);
    chmodSync(tokenFile, 0o600);
    const addressFile = path.join(workDirectory, 'guarded.json');
    const guarded = spawn(
      process.execPath,
      [
        binPath,
        'agent',
        '--host',
        '0.0.0.0',
        '--agent-token-file',
        tokenFile,
        '--address-file',
        addressFile,
        '--data-dir',
        path.join(workDirectory, 'guarded-data'),
      ],
      { cwd: workDirectory, stdio: 'ignore' },
    );
    try {
      await waitForFile(addressFile);
      const port = new URL((JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url).port;
      const loopbackUrl = `http://127.0.0.1:${port}`;
      expect(await statusOf(`${loopbackUrl}/v1/envs`)).toBe(401);
      expect(await statusOf(`${loopbackUrl}/v1/envs`, 'Bearer wrong-token-of-some-length')).toBe(401);
      expect(await statusOf(`${loopbackUrl}/v1/envs`, `Bearer ${token}`)).toBe(200);
      expect((await rtenv(['ls', '--agent', loopbackUrl])).code).not.toBe(0);
      expect((await rtenv(['ls', '--agent', loopbackUrl], { RTENV_AGENT_TOKEN: token })).code).toBe(0);
    } finally {
      guarded.kill('SIGTERM');
      await new Promise((resolve) => guarded.on('exit', resolve));
    }
  });
});
