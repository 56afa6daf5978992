// The depth and size limits of a runtime_env document, through the built binary:
// a document beyond them is invalid input (exit 2, the limit named), never a crash.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtenvBinary, runRtenv, type RtenvResult } from './support/rtenv-process.js';

const depthLimit = 64;
const sizeLimit = 8 * 1024 * 1024;
let workDirectory: string;

function rtenv(args: readonly string[], input = ''): Promise<RtenvResult> {
  return runRtenv(args, { cwd: workDirectory, env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'data'), RTENV_CONFIG: '' } }, input);
}

/** `{"env_vars": {"a": ... "1"}}` nested `depth` levels in all. */
function deepDocumentText(depth: number): string {
  return `{"env_vars":${'{"a":'.repeat(depth - 1)}"1"${'}'.repeat(depth - 1)}}`;
}

function expectRefusedForDepth(result: RtenvResult): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(`the depth limit of a runtime_env document is ${depthLimit}`);
  expect(result.stderr).not.toContain('unexpected');
}

beforeAll(() => {
  if (!existsSync(rtenvBinary)) throw new Error(`${rtenvBinary} is missing: build it with \`pnpm --filter @runtime-env/cli... build\``);
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-document-limits-'));
  writeFileSync(path.join(workDirectory, 'deep.json'), deepDocumentText(5_000));
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('a document nested too deeply', () => {
  it.each([
    ['hash -f', ['hash', '-f', 'deep.json']],
    ['validate -f', ['validate', '-f', 'deep.json']],
    ['run -f (the recorded-document path first)', ['run', '-f', 'deep.json', '--', 'true']],
    ['merge --child', ['merge', '--parent', '{}', '--child', deepDocumentText(depthLimit + 1)]],
  ])('is refused by %s with exit 2 naming the limit', async (_name, args) => {
    expectRefusedForDepth(await rtenv(args));
  });

  it('is refused on standard input too', async () => {
    expectRefusedForDepth(await rtenv(['validate', '-f', '-'], deepDocumentText(100_000)));
  });

  it('passes at the limit', async () => {
    const result = await rtenv(['validate', '-e', `{"config": {"log_files": []}, "env_vars": {"A": "1"}}`]);
    expect(result.code).toBe(0);
    // env_vars must be flat, so a document at the depth limit is still invalid, but for its shape.
    const atLimit = await rtenv(['validate', '-e', deepDocumentText(depthLimit)]);
    expect(atLimit.code).toBe(2);
    expect(atLimit.stderr).toContain('env_vars.a');
  });
});

describe('a document too large', () => {
  it('is refused from a file and from standard input with exit 2 naming the limit', async () => {
    const text = JSON.stringify({ env_vars: { A: 'x'.repeat(sizeLimit) } });
    writeFileSync(path.join(workDirectory, 'large.json'), text);
    for (const result of [await rtenv(['hash', '-f', 'large.json']), await rtenv(['hash', '-f', '-'], text)]) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`the size limit of a runtime_env document is ${sizeLimit} bytes`);
    }
  });

  it('lets a realistic large document through: 20,000 env_vars', async () => {
    const envVars = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`K${index}`, 'v'.repeat(10)]));
    writeFileSync(path.join(workDirectory, 'many.json'), JSON.stringify({ env_vars: envVars }));
    const result = await rtenv(['hash', '-f', 'many.json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f]{32}\n/);
  });
});
