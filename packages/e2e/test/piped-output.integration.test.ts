// Output larger than a pipe's buffer (64 KiB on Linux) must reach a reader that is
// slower than rtenv: the binary may not exit while stdout or stderr still holds
// unwritten bytes. Each test reads a real pipe to its end and checks every byte.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRtenvOutput, rtenvBinary, runRtenv, spawnRtenv, type RtenvResult } from './support/rtenv-process.js';

const oneMebibyte = 1024 * 1024;
let workDirectory: string;

function rtenv(args: readonly string[]): Promise<RtenvResult> {
  return runRtenv(args, { cwd: workDirectory, env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '' } });
}

/** A document file whose env_vars has `count` entries, each value made by `valueAt`. */
function writeEnvVarsDocument(name: string, count: number, valueAt: (index: number) => unknown): string {
  const envVars: Record<string, unknown> = {};
  for (let index = 0; index < count; index += 1) envVars[`VARIABLE_NUMBER_${String(index).padStart(6, '0')}_WITH_A_LONG_NAME`] = valueAt(index);
  const file = path.join(workDirectory, name);
  writeFileSync(file, JSON.stringify({ env_vars: envVars }));
  return file;
}

beforeAll(() => {
  if (!existsSync(rtenvBinary)) throw new Error(`${rtenvBinary} is missing: build it with \`pnpm --filter @runtime-env/cli... build\``);
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-piped-output-'));
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('output through a pipe', () => {
  it('validate writes the whole normalized document to stdout', async () => {
    const file = writeEnvVarsDocument('valid.json', 40_000, (index) => `value-${index}`);
    const result = await rtenv(['validate', '-f', file]);
    expect(result.code).toBe(0);
    expect(Buffer.byteLength(result.stdout)).toBeGreaterThan(oneMebibyte);
    expect(Object.keys(JSON.parse(result.stdout).env_vars)).toHaveLength(40_000);
  });

  it('validate writes every issue of an invalid document to stderr', async () => {
    const file = writeEnvVarsDocument('invalid.json', 20_000, (index) => index);
    const result = await rtenv(['validate', '-f', file]);
    expect(result.code).toBe(2);
    expect(Buffer.byteLength(result.stderr)).toBeGreaterThan(oneMebibyte);
    const issueLines = result.stderr.split('\n').filter((line) => line.startsWith('  - env_vars.'));
    expect(issueLines).toHaveLength(20_000);
    expect(issueLines.at(-1)).toContain('VARIABLE_NUMBER_019999_WITH_A_LONG_NAME');
  });

  it('ends quietly with exit 0 when the reader stops early (`| head -c 100`)', async () => {
    const file = writeEnvVarsDocument('early-close.json', 40_000, (index) => `value-${index}`);
    const child = spawnRtenv(['validate', '-f', file], {
      cwd: workDirectory,
      env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '' },
    });
    child.stdin.end();
    const stderrAndExit = collectRtenvOutput(child);
    // Read the first chunk, then close the pipe as `head` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const result = await stderrAndExit;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('ls --json writes every record to stdout', async () => {
    const file = writeEnvVarsDocument('environment.json', 40_000, () => 'v');
    const created = await rtenv(['run', '-f', file, '--', process.execPath, '-e', '']);
    expect(created.code, created.stderr).toBe(0);
    const result = await rtenv(['ls', '--json']);
    expect(result.code).toBe(0);
    expect(Buffer.byteLength(result.stdout)).toBeGreaterThan(oneMebibyte);
    const records = JSON.parse(result.stdout) as Array<{ runtimeEnv: { env_vars: Record<string, string> } }>;
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0]!.runtimeEnv.env_vars)).toHaveLength(40_000);
  });
});
