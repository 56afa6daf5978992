// The built `rtenv` binary, started as a user starts it: every end-to-end test goes
// through these helpers, so how the binary is found and its output collected is
// written once.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const rtenvBinary = fileURLToPath(new URL('../../../cli/dist/bin.cjs', import.meta.url));

export interface RtenvResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RtenvOptions {
  cwd: string;
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
}

export function assertRtenvBuilt(): void {
  if (!existsSync(rtenvBinary)) throw new Error(`${rtenvBinary} is missing: build it with \`pnpm --filter @runtime-env/cli... build\``);
}

export function spawnRtenv(args: readonly string[], options: RtenvOptions): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [rtenvBinary, ...args], { cwd: options.cwd, env: options.env });
}

export function collectRtenvOutput(child: ChildProcessWithoutNullStreams): Promise<RtenvResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs to the end with `input` on stdin (closed afterwards). */
export function runRtenv(args: readonly string[], options: RtenvOptions, input = ''): Promise<RtenvResult> {
  const child = spawnRtenv(args, options);
  child.stdin.end(input);
  return collectRtenvOutput(child);
}

/** Resolves once `stream` has printed `text` (all output so far counts); rejects if rtenv ends first. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr', text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve, reject) => {
    child[stream].on('data', (chunk) => {
      seen += chunk;
      if (seen.includes(text)) resolve();
    });
    child.on('close', () => reject(new Error(`rtenv ended before printing "${text}"; it printed: ${seen}`)));
  });
}
