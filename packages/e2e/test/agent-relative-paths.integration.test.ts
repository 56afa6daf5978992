// Relative local paths sent through an agent mean the caller's folder, never the
// agent's: the agent runs in one temporary folder, `rtenv run --agent` and the
// typed client in another, and the agent refuses a raw relative path outright.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AgentClient } from '@runtime-env/client';
import { buildWheel, startPythonIndex, type PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, rtenvBinary, runRtenv, type RtenvResult } from './support/rtenv-process.js';

let root: string;
let agentFolder: string;
let callerFolder: string;
let agentProcess: ChildProcess;
let agentUrl: string;
let index: PythonIndex;
let localWheelName: string;

/** Without this machine's pip configuration: the test serves its own index. */
function hermeticEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith('PIP_')) environment[name] = value;
  return { ...environment, PIP_CONFIG_FILE: '/dev/null', RTENV_DATA_DIR: path.join(root, 'data'), RTENV_CONFIG: '' };
}

function rtenvFromCaller(args: readonly string[]): Promise<RtenvResult> {
  return runRtenv(args, { cwd: callerFolder, env: hermeticEnvironment() });
}

async function waitForFile(file: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function postJson(url: string, body: unknown): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
      (response) => {
        let answer = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(answer) as { error?: { code: string; message: string } } }));
      },
    );
    request.on('error', reject);
    request.end(text);
  });
}

beforeAll(async () => {
  assertRtenvBuilt();
  root = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-relative-'));
  // Deeper than this test's own folder, so a relative path from here resolved in the agent's folder names another place.
  agentFolder = path.join(root, 'agent', 'deeper', 'still', 'agent-folder');
  callerFolder = path.join(root, 'caller-folder');
  for (const folder of [agentFolder, callerFolder, path.join(agentFolder, 'proj'), path.join(callerFolder, 'proj')]) mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(agentFolder, 'agent-side.txt'), 'agent\n');
  writeFileSync(path.join(agentFolder, 'proj', 'agent-side-proj.txt'), 'agent\n');
  writeFileSync(path.join(callerFolder, 'caller-side.txt'), 'caller\n');
  writeFileSync(path.join(callerFolder, 'proj', 'caller-side-proj.txt'), 'caller\n');
  writeFileSync(path.join(callerFolder, 'proj', 'requirements.txt'), 'fixture-lib==1.0.0\n');
  index = await startPythonIndex({ files: [await buildWheel({ name: 'fixture-lib', version: '1.0.0' })] });
  const localWheel = await buildWheel({ name: 'local-lib', version: '2.0.0' });
  mkdirSync(path.join(callerFolder, 'wheels'));
  writeFileSync(path.join(callerFolder, 'wheels', localWheel.fileName), localWheel.data);
  localWheelName = localWheel.fileName;
  const addressFile = path.join(root, 'agent.json');
  agentProcess = spawn(process.execPath, [rtenvBinary, 'agent', '--address-file', addressFile], {
    cwd: agentFolder,
    env: hermeticEnvironment(),
    stdio: 'ignore',
  });
  await waitForFile(addressFile);
  agentUrl = (JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url;
});

afterAll(async () => {
  agentProcess?.kill('SIGTERM');
  if (agentProcess) await new Promise((resolve) => agentProcess.on('exit', resolve));
  await index?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('relative local paths through the agent', () => {
  it('packs the caller\'s folder for working_dir "."', async () => {
    const result = await rtenvFromCaller(['run', '--quiet', '--agent', agentUrl, '-e', '{"working_dir": "."}', '--', 'ls']);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toContain('caller-side.txt');
    expect(result.stdout).not.toContain('agent-side.txt');
  });

  it('packs the caller\'s subfolder for working_dir "./proj"', async () => {
    const result = await rtenvFromCaller(['run', '--quiet', '--agent', agentUrl, '-e', '{"working_dir": "./proj"}', '--', 'ls']);
    expect({ code: result.code, files: result.stdout.trim().split('\n').sort() }).toEqual({ code: 0, files: ['caller-side-proj.txt', 'requirements.txt'] });
  });

  it('reads the caller\'s requirements file for pip "./proj/requirements.txt"', async () => {
    const document = JSON.stringify({ pip: './proj/requirements.txt', env_vars: { PIP_INDEX_URL: index.url } });
    const result = await rtenvFromCaller([
      'run',
      '--quiet',
      '--agent',
      agentUrl,
      '-e',
      document,
      '--',
      'python',
      '-c',
      'import fixture_lib; print(fixture_lib.__version__)',
    ]);
    expect(result.stderr).not.toContain('Traceback');
    expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({ code: 0, stdout: '1.0.0' });
  });

  it('installs the caller\'s local project named by a direct reference "name @ file:./x"', async () => {
    const document = JSON.stringify({ pip: [`local-lib @ file:./wheels/${localWheelName}`], env_vars: { PIP_INDEX_URL: index.url } });
    const result = await rtenvFromCaller([
      'run',
      '--quiet',
      '--agent',
      agentUrl,
      '-e',
      document,
      '--',
      'python',
      '-c',
      'import local_lib; print(local_lib.__version__)',
    ]);
    expect(result.stderr).not.toContain('Traceback');
    expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({ code: 0, stdout: '2.0.0' });
  });

  it("resolves against the caller's working directory in the typed client", async () => {
    const client = new AgentClient({ url: agentUrl });
    try {
      // This test process runs in neither folder: a relative path from here names the caller's project.
      const relativeProject = path.relative(process.cwd(), path.join(callerFolder, 'proj'));
      const ready = await client.getOrCreate({ runtimeEnv: { working_dir: relativeProject }, owner: 'relative-path-test' });
      expect(readdirSync(ready.context.workingDirectory!).sort()).toEqual(['caller-side-proj.txt', 'requirements.txt']);
      await client.release(ready.environment.id, 'relative-path-test');
    } finally {
      client.close();
    }
  });

  it('answers 400 to a relative path without a baseDirectory, naming the field and what to send', async () => {
    const response = await postJson(`${agentUrl}/v1/envs`, { runtimeEnv: { working_dir: '.' }, owner: 'raw-client' });
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe('invalid_runtime_env');
    expect(response.body.error?.message).toContain('working_dir');
    expect(response.body.error?.message).toContain('never resolves a path against its own working directory');
    expect(response.body.error?.message).toContain('absolute path');
  });
});
