import { PassThrough } from 'node:stream';
import type { EnvironmentHandle, LaunchResult, RuntimeEnvManager } from '@runtime-env/core';
import type { PluginEntry } from './load-plugin-for-test.js';
import { openTestManager, type TestManagerOptions } from './open-test-manager.js';

export interface CommandOutput extends LaunchResult {
  stdout: string;
  stderr: string;
}

export interface PluginRun {
  manager: RuntimeEnvManager;
  handle: EnvironmentHandle;
  /** Runs `command` in the environment's launch context and collects its output. */
  run(command: readonly string[], options?: { input?: string }): Promise<CommandOutput>;
}

export const TEST_OWNER = 'runtime-env-testkit';

/**
 * Builds `runtimeEnv` with a real core and gives a way to run commands in it, so a
 * plugin test can check the effect a process sees (an installed module imports, a
 * variable is set) instead of the plugin's own return values.
 */
export async function runPluginThroughCore(
  plugins: PluginEntry | readonly PluginEntry[],
  runtimeEnv: Record<string, unknown>,
  options: Omit<TestManagerOptions, 'plugins'> = {},
): Promise<PluginRun> {
  const manager = await openTestManager({ ...options, plugins: Array.isArray(plugins) ? plugins : [plugins as PluginEntry] });
  const handle = await manager.getOrCreate(runtimeEnv, { owner: TEST_OWNER });
  return { manager, handle, run: (command, runOptions) => runInContext(manager, handle, command, runOptions?.input) };
}

async function runInContext(
  manager: RuntimeEnvManager,
  handle: EnvironmentHandle,
  command: readonly string[],
  input: string | undefined,
): Promise<CommandOutput> {
  const stdout = collect();
  const stderr = collect();
  const stdin = input === undefined ? 'ignore' : PassThrough.from([input]);
  const result = await manager.launch(handle.context, command, { stdin, stdout: stdout.stream, stderr: stderr.stream });
  return { ...result, stdout: stdout.text(), stderr: stderr.text() };
}

function collect(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
