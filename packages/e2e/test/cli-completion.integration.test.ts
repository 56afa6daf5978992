// `rtenv completion bash|zsh|fish`, each script loaded into the real shell and asked
// to complete: every command, every command's options (as the command table defines
// them), and words in context. bash, zsh and fish are installed by
// scripts/ensure-system-packages.sh; a missing one fails here, it is not skipped.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { commandTable, type OptionSpecs } from '@runtime-env/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, runRtenv } from './support/rtenv-process.js';

const run = promisify(execFile);
const zshDriver = fileURLToPath(new URL('./fixtures/zsh-complete.zsh', import.meta.url));
const shells = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof shells)[number];

let workDirectory: string;
const scripts = {} as Record<Shell, string>;

beforeAll(async () => {
  assertRtenvBuilt();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-completion-'));
  writeFileSync(path.join(workDirectory, 'warm.json'), '[]');
  for (const shell of shells) {
    const generated = await runRtenv(['completion', shell], { cwd: workDirectory, env: process.env });
    expect(generated.code, generated.stderr).toBe(0);
    scripts[shell] = path.join(workDirectory, `rtenv.${shell}`);
    writeFileSync(scripts[shell], generated.stdout);
  }
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

/** What the shell offers for `line` (its last word being completed), sorted. */
async function complete(shell: Shell, line: string): Promise<string[]> {
  const options = { cwd: workDirectory, timeout: 30_000 };
  let output: string;
  try {
    if (shell === 'bash') {
      // As bash calls a completion function: the words so far, the last one being completed.
      const words = line.split(' ');
      const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _rtenv; printf '%s\\n' "\${COMPREPLY[@]}"`;
      output = (await run('bash', ['--norc', '--noprofile', '-c', program, 'bash', scripts.bash, ...words], options)).stdout;
    } else if (shell === 'zsh') {
      output = (await run('zsh', ['-f', zshDriver, scripts.zsh, line], options)).stdout;
    } else {
      // `complete -C` prints "word<TAB>description" for each match.
      output = (await run('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scripts.fish, line], options)).stdout;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${shell} is missing: bash scripts/ensure-system-packages.sh installs it`);
    throw error;
  }
  return output
    .split('\n')
    .map((entry) => entry.split('\t')[0]!)
    .filter((word) => word !== '')
    .sort();
}

const sorted = (words: readonly string[]) => [...words].sort();

describe.each(shells)('rtenv completion %s', (shell) => {
  it("completes every command, and each command's options as its definition lists them", async () => {
    expect(await complete(shell, 'rtenv ')).toEqual(sorted([...commandTable.map((entry) => entry.name), 'help']));
    for (const entry of commandTable) {
      const definition = await entry.load();
      const options = Object.entries(definition.options as OptionSpecs).flatMap(([name, spec]) =>
        spec.short ? [`-${spec.short}`, `--${name}`] : [`--${name}`],
      );
      expect(await complete(shell, `rtenv ${entry.name} -`), entry.name).toEqual(sorted([...options, '-h', '--help']));
    }
  });

  it('completes words in context: a command prefix, an option prefix, choices, files, and nothing for free text', async () => {
    expect(await complete(shell, 'rtenv l')).toEqual(['lock', 'logs', 'ls']);
    expect(await complete(shell, 'rtenv --v')).toEqual(['--version']);
    expect(await complete(shell, 'rtenv gc --d')).toEqual(['--data-dir', '--dry-run']);
    expect(await complete(shell, 'rtenv completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(await complete(shell, 'rtenv help pr')).toEqual(['prewarm']);
    expect(await complete(shell, 'rtenv prewarm wa')).toEqual(['warm.json']);
    expect(await complete(shell, 'rtenv run --config wa')).toEqual(['warm.json']);
    expect(await complete(shell, 'rtenv ls --state ')).toEqual([]);
    // After `run`'s own options, the words are a command line of their own.
    expect(await complete(shell, 'rtenv run -q -- ech')).toContain('echo');
  });
});

it('refuses a shell it does not know with exit 2', async () => {
  const result = await runRtenv(['completion', 'tcsh'], { cwd: tmpdir(), env: process.env });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('knows bash, zsh and fish, not "tcsh"');
});
