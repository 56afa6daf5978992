import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDirectory = fileURLToPath(new URL('../..', import.meta.url));
const agentMain = path.join(packageDirectory, 'src/bin/agent-main.ts');
export const slowStepPlugin = path.join(packageDirectory, 'test/fixtures/slow-step-plugin.ts');

export interface AgentProcess {
  url: string;
  child: ChildProcess;
  /** Everything the agent wrote to stderr (its JSON-lines log). */
  log(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A temporary folder with an `rtenv.config.json`; removed by `remove()`. */
export async function makeAgentWorkspace(
  config: Record<string, unknown>,
): Promise<{ directory: string; dataDirectory: string; configPath: string; remove(): Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'rtenv-agent-test-'));
  const dataDirectory = path.join(directory, 'data');
  const configPath = path.join(directory, 'rtenv.config.json');
  await writeFile(configPath, JSON.stringify({ dataDir: dataDirectory, ...config }));
  return { directory, dataDirectory, configPath, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** Starts `rtenv-agent` from the TypeScript sources as its own process and waits for its address file. */
export async function spawnAgentProcess(configPath: string, extraArguments: string[] = [], env: Record<string, string> = {}): Promise<AgentProcess> {
  const addressFile = path.join(path.dirname(configPath), `agent-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', agentMain, '--config', configPath, '--address-file', addressFile, ...extraArguments],
    {
      cwd: packageDirectory,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 30_000;
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  while (!existsSync(addressFile)) {
    if (exitedEarly) throw new Error(`the agent exited before listening:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the agent did not write its address within 30 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { url } = JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string };
  return { url, child, log: () => stderr, exited };
}

/** Runs the agent expecting it to refuse to start; returns its exit code and stderr. */
export async function runAgentExpectingRefusal(
  configPath: string,
  extraArguments: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', agentMain, '--config', configPath, ...extraArguments], {
    cwd: packageDirectory,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stderr };
}
