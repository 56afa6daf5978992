// The fast path of `rtenv run`: a document an earlier run's engine recorded, with
// the files it loaded, runs without loading the engine or any plugin. The built binary, a real data
// directory, real Python, a real pip against an index the test serves; which path a
// run took is read from its RTENV_DEBUG line, never from its timing.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildWheel, startPythonIndex, type PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRtenvOutput, spawnRtenv, type RtenvResult } from './support/rtenv-process.js';
import { moduleLoadRecorder } from '@runtime-env/tooling/module-loads';

const binPath = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
const pipPluginPath = fileURLToPath(new URL('../../plugin-pip/dist/index.js', import.meta.url));
/** Writes every module a process loads to RTENV_RECORD_LOADS (the client's tests' recorder). */
const FAST = 'rtenv: debug: run: fast path hit';
const SLOW = 'rtenv: debug: run: fast path missed';

let workDirectory: string;
let dataDirectory: string;
let configPath: string;
let greetingPluginPath: string;
let index: PythonIndex;

function startRtenv(args: readonly string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  // This machine's pip configuration (its own indexes) is kept out: the test serves its own.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PIP_')));
  return spawnRtenv(args, {
    cwd: workDirectory,
    env: { ...inherited, PIP_CONFIG_FILE: '/dev/null', RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: configPath, RTENV_DEBUG: '1', ...env },
  });
}

function rtenv(args: readonly string[], env: Record<string, string> = {}): Promise<RtenvResult> {
  const child = startRtenv(args, env);
  child.stdin.end();
  return collectRtenvOutput(child);
}

/** Every fast-path lease file in the data directory (`<environment>/<name>`): a run's folder stays, empty, after it. */
function leaseFiles(): string[] {
  const leases = path.join(dataDirectory, 'fast-path', 'leases');
  return readdirSync(leases).flatMap((id) => readdirSync(path.join(leases, id)).map((name) => `${id}/${name}`));
}

/** Which path a run took, from its debug line. */
function pathTaken(result: RtenvResult): 'fast' | 'slow' {
  if (result.stderr.includes(FAST)) return 'fast';
  if (result.stderr.includes(SLOW)) return 'slow';
  throw new Error(`rtenv printed no fast-path debug line: ${result.stderr}`);
}

async function environmentIdOf(document: string): Promise<string> {
  return (JSON.parse((await rtenv(['hash', '--json', '-e', document])).stdout) as { id: string }).id;
}

async function referencesOf(id: string): Promise<string[] | undefined> {
  const records = JSON.parse((await rtenv(['ls', '--json'])).stdout) as { id: string; references: { owner: string }[] }[];
  return records.find((record) => record.id === id)?.references.map((reference) => reference.owner);
}

/** A pure plugin (its URI depends on its spec alone) that creates a real file. */
function writeGreetingFilePlugin(directory: string): string {
  const require = createRequire(import.meta.url);
  const zodUrl = pathToFileURL(path.join(path.dirname(require.resolve('zod/package.json')), 'index.js')).href;
  const file = path.join(directory, 'greeting-file-plugin.mjs');
  // The core takes a plugin's identity (part of every URI) from the package.json above it.
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'e2e-test-plugins', version: '1.0.0' }));
  writeFileSync(
    file,
    `
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from '${zodUrl}';

export default {
  apiVersion: 2,
  name: 'greeting_file',
  schema: z.string(),
  hash: (spec) => ({ keys: [createHash('sha256').update(spec).digest('hex').slice(0, 24)], fromSpecAlone: true }),
  async create(spec, ctx) {
    await writeFile(path.join(ctx.directory, 'greeting.txt'), spec);
    return { sizeBytes: spec.length };
  },
  modifyContext(_spec, { uris, context, directoryOf }) {
    context.envVars.GREETING_FILE = path.join(directoryOf(uris[0]), 'greeting.txt');
  },
};
`,
  );
  return file;
}

function writeConfig(extra: Record<string, unknown> = {}): void {
  writeFileSync(configPath, JSON.stringify({ plugins: ['@runtime-env/plugin-env-vars', greetingPluginPath, pipPluginPath], ...extra }));
}

const printGreeting = 'import os; print(open(os.environ["GREETING_FILE"]).read(), os.environ["NAME"])';

beforeAll(async () => {
  for (const built of [binPath, pipPluginPath])
    if (!existsSync(built)) throw new Error(`${built} is missing: build with \`pnpm --filter @runtime-env/cli... build\``);
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-fast-path-'));
  dataDirectory = path.join(workDirectory, 'data');
  configPath = path.join(workDirectory, 'rtenv.config.json');
  greetingPluginPath = writeGreetingFilePlugin(workDirectory);
  // The config names the env_vars package; it resolves from the config's folder.
  mkdirSync(path.join(workDirectory, 'node_modules', '@runtime-env'), { recursive: true });
  const envVarsPackage = realpathSync(fileURLToPath(new URL('../../cli/node_modules/@runtime-env/plugin-env-vars', import.meta.url)));
  symlinkSync(envVarsPackage, path.join(workDirectory, 'node_modules', '@runtime-env', 'plugin-env-vars'), 'dir');
  writeConfig();
  index = await startPythonIndex({
    files: [await buildWheel({ name: 'fixture-lib', version: '1.0.0' }), await buildWheel({ name: 'fixture-lib', version: '2.0.0' })],
  });
});
afterAll(async () => {
  await index?.close();
  rmSync(workDirectory, { recursive: true, force: true });
});

describe('rtenv run on a recorded document', () => {
  const document = JSON.stringify({ greeting_file: 'hello from the file', env_vars: { NAME: 'fast' } });

  it('takes the engine the first time and the fast path the second, with the same output', async () => {
    const first = await rtenv(['run', '-e', document, '--', 'python3', '-c', printGreeting]);
    expect({ code: first.code, stdout: first.stdout, path: pathTaken(first) }).toEqual({ code: 0, stdout: 'hello from the file fast\n', path: 'slow' });
    const second = await rtenv(['run', '-e', document, '--', 'python3', '-c', printGreeting]);
    expect({ code: second.code, stdout: second.stdout, path: pathTaken(second) }).toEqual({ code: 0, stdout: 'hello from the file fast\n', path: 'fast' });
    expect(second.stderr).toContain(`environment ${await environmentIdOf(document)}`);
  });

  it('matches the document by content, not by key order or spacing, and passes on the exit code', async () => {
    const reordered = '{ "env_vars": {"NAME": "fast"},  "greeting_file": "hello from the file" }';
    const result = await rtenv(['run', '-e', reordered, '--', 'python3', '-c', 'import sys; sys.exit(7)']);
    expect({ code: result.code, path: pathTaken(result) }).toEqual({ code: 7, path: 'fast' });
  });

  it('prints nothing of its own without RTENV_DEBUG', async () => {
    const result = await rtenv(['run', '-e', document, '--', 'python3', '-c', printGreeting], { RTENV_DEBUG: '' });
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({ code: 0, stdout: 'hello from the file fast\n', stderr: '' });
  });

  it('opens no state database: better-sqlite3 is never loaded, nor node:crypto (about 3 ms), and the run leaves no lease behind', async () => {
    const loads = path.join(workDirectory, 'module-loads.txt');
    rmSync(loads, { force: true });
    // The config and the greeting plugin were written moments ago: a hit digests such files (with
    // node:crypto) until their last change is 2 s old, then stores their stamps and reads them no more.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('fast');
    const fast = await rtenv(['run', '-e', document, '--', 'true'], { NODE_OPTIONS: `--import=${moduleLoadRecorder}`, RTENV_RECORD_LOADS: loads });
    expect({ code: fast.code, path: pathTaken(fast) }).toEqual({ code: 0, path: 'fast' });
    const loaded = readFileSync(loads, 'utf8');
    // The recorder saw the run: its own bundle is among the modules.
    expect(loaded).toContain('fast-path.cjs');
    expect(loaded).not.toMatch(/better[-_]sqlite3/);
    // Its records are named by a SHA-256 in JavaScript; node:crypto digests only a file whose stamp changed.
    expect(loaded).toMatch(/^builtin node:child_process$/m);
    expect(loaded).not.toMatch(/^builtin node:crypto$/m);
    expect(leaseFiles()).toEqual([]);
  });

  it('runs as CommonJS alone: no ES module, so Node never sets up its ES module loader (about 5 ms of a cached run)', async () => {
    const preload = path.join(workDirectory, 'record-builtins.cjs');
    const list = path.join(workDirectory, 'module-load-list.txt');
    writeFileSync(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.RTENV_LOAD_LIST, process.moduleLoadList.join('\\n')));\n");
    const fast = await rtenv(['run', '-e', document, '--', 'true'], { NODE_OPTIONS: `--require=${preload}`, RTENV_LOAD_LIST: list });
    expect({ code: fast.code, path: pathTaken(fast) }).toEqual({ code: 0, path: 'fast' });
    const loaded = readFileSync(list, 'utf8').split('\n');
    // Control: the list is Node's own record of what the run loaded.
    expect(loaded).toContain('NativeModule child_process');
    expect(loaded).not.toContain('NativeModule internal/modules/esm/module_job');
    expect(loaded).not.toContain('NativeModule crypto');
    // The engine's path (another document) does load ES modules, and this list would show it.
    const slow = await rtenv(['run', '-e', JSON.stringify({ env_vars: { NAME: 'engine' } }), '--', 'true'], {
      NODE_OPTIONS: `--require=${preload}`,
      RTENV_LOAD_LIST: list,
    });
    expect({ code: slow.code, path: pathTaken(slow) }).toEqual({ code: 0, path: 'slow' });
    expect(readFileSync(list, 'utf8').split('\n')).toContain('NativeModule internal/modules/esm/module_job');
  });

  it('holds the environment by a lease while the command runs (ls lists it, gc --dry-run and gc spare it) and releases it after', async () => {
    const id = await environmentIdOf(document);
    const child = startRtenv(['run', '-e', document, '--', 'python3', '-c', 'import sys; print("ready", flush=True); sys.stdin.read()']);
    const result = collectRtenvOutput(child);
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
    expect(await referencesOf(id)).toEqual([`cli:${child.pid}`]);
    const [header, ...rows] = (await rtenv(['ls'])).stdout.split('\n');
    const refsColumn = header!.indexOf('REFS');
    expect(
      rows
        .find((line) => line.startsWith(id.slice(0, 12)))
        ?.slice(refsColumn)
        .split(/\s+/)[0],
    ).toBe('1');
    const dryRun = JSON.parse((await rtenv(['gc', '--all', '--dry-run', '--json'])).stdout) as { environmentsRemoved: string[] };
    expect(dryRun.environmentsRemoved).not.toContain(id);
    expect((await rtenv(['gc', '--all'])).code).toBe(0);
    expect(await referencesOf(id)).toEqual([`cli:${child.pid}`]);
    child.stdin.end();
    const { code, stderr } = await result;
    expect({ code, path: pathTaken({ code, stdout: '', stderr }) }).toEqual({ code: 0, path: 'fast' });
    expect(await referencesOf(id)).toEqual([]);
  });

  it('a killed rtenv leaves a lease that counts for nothing, and the next engine removes it', async () => {
    const id = await environmentIdOf(document);
    const child = startRtenv(['run', '-e', document, '--', 'python3', '-c', 'import sys; print("ready", flush=True); sys.stdin.read()']);
    const result = collectRtenvOutput(child);
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
    const leases = path.join(dataDirectory, 'fast-path', 'leases', id);
    expect(readdirSync(leases)).toHaveLength(1);
    child.kill('SIGKILL');
    // The command itself outlives rtenv; closing its input ends it.
    child.stdin.end();
    expect((await result).code).toBe(null);
    expect(readdirSync(leases)).toHaveLength(1);
    // `rtenv ls` opens the engine, whose recovery removes the dead process's lease before it lists.
    expect(await referencesOf(id)).toEqual([]);
    expect(existsSync(leases)).toBe(false);
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('fast');
  });

  it('never loses an environment to a collection racing cached runs (real processes, many rounds)', async () => {
    const id = await environmentIdOf(document);
    // Reads the environment's own file before and after yielding: a collection that removed it under the run fails the command.
    const check = 'import os, time; f = os.environ["GREETING_FILE"]; open(f).read(); time.sleep(0.05); open(f).read()';
    for (let round = 0; round < 12; round += 1) {
      const runs = [0, 1, 2].map(() => rtenv(['run', '-e', document, '--', 'python3', '-c', check]));
      const collections = [rtenv(['gc', '--all']), rtenv(['gc', '--all'])];
      const finished = await Promise.all([...runs, ...collections]);
      for (const [index, outcome] of finished.entries())
        expect({ index, round, code: outcome.code, stderr: outcome.code === 0 ? '' : outcome.stderr }).toEqual({ index, round, code: 0, stderr: '' });
    }
    expect(leaseFiles()).toEqual([]);
    expect((await referencesOf(id)) ?? []).toEqual([]);
    // A collection of the last round may have run after every run ended: the next tests expect the environment.
    expect((await rtenv(['run', '-e', document, '--', 'true'])).code).toBe(0);
  });

  it('takes the engine again once the environment was removed, and rebuilds it', async () => {
    const id = await environmentIdOf(document);
    expect((await rtenv(['rm', id])).code).toBe(0);
    const rebuilt = await rtenv(['run', '-e', document, '--', 'python3', '-c', printGreeting]);
    expect({ code: rebuilt.code, stdout: rebuilt.stdout, path: pathTaken(rebuilt) }).toEqual({ code: 0, stdout: 'hello from the file fast\n', path: 'slow' });
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('fast');
  });

  it('takes the engine once after the config file changes, then the fast path again', async () => {
    writeConfig({ failureTtlSeconds: 300 });
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('slow');
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('fast');
  });

  it('takes the engine once after a local plugin file changes', async () => {
    appendFileSync(greetingPluginPath, '// a new revision of the plugin\n');
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('slow');
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('fast');
  });

  it('takes the engine when the config changed to the same size and modification time: the digest decides', async () => {
    const before = statSync(configPath);
    const original = readFileSync(configPath, 'utf8');
    writeFileSync(configPath, original.replace('"failureTtlSeconds":300', '"failureTtlSeconds":301'));
    utimesSync(configPath, before.atime, before.mtime);
    expect(statSync(configPath).size).toBe(before.size);
    const changed = await rtenv(['run', '-e', document, '--', 'true']);
    expect({ code: changed.code, path: pathTaken(changed) }).toEqual({ code: 0, path: 'slow' });
    expect(changed.stderr).toContain(`${configPath} changed since the document was recorded`);
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('fast');
  });

  it("takes the engine when a plugin's entry file was rewritten to the same size and modification time", async () => {
    const before = statSync(greetingPluginPath);
    const original = readFileSync(greetingPluginPath, 'utf8');
    writeFileSync(greetingPluginPath, original.replace('// a new revision of the plugin', '// a new REVISION of the plugin'));
    utimesSync(greetingPluginPath, before.atime, before.mtime);
    expect(statSync(greetingPluginPath).size).toBe(before.size);
    const changed = await rtenv(['run', '-e', document, '--', 'python3', '-c', printGreeting]);
    expect({ code: changed.code, stdout: changed.stdout, path: pathTaken(changed) }).toEqual({ code: 0, stdout: 'hello from the file fast\n', path: 'slow' });
    expect(changed.stderr).toContain(`${greetingPluginPath} changed since the document was recorded`);
    expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('fast');
  });

  it('takes the engine when a plugin it loaded was removed; the engine then finds it where it looks next', async () => {
    const envVarsLink = path.join(workDirectory, 'node_modules', '@runtime-env', 'plugin-env-vars');
    const envVarsPackage = realpathSync(envVarsLink);
    rmSync(envVarsLink);
    try {
      const removed = await rtenv(['run', '-e', document, '--', 'python3', '-c', printGreeting]);
      expect({ code: removed.code, stdout: removed.stdout, path: pathTaken(removed) }).toEqual({ code: 0, stdout: 'hello from the file fast\n', path: 'slow' });
      expect(removed.stderr).toContain(`${envVarsLink}/dist/index.js is gone since the document was recorded`);
      // Found from the CLI's own installation now, which the record names from here on.
      expect(pathTaken(await rtenv(['run', '-e', document, '--', 'true']))).toBe('fast');
    } finally {
      symlinkSync(envVarsPackage, envVarsLink, 'dir');
    }
  });

  it('never takes the fast path for a pip requirements file, whose content may change under the same document', async () => {
    const requirements = path.join(workDirectory, 'requirements.txt');
    writeFileSync(requirements, 'fixture-lib==1.0.0\n');
    const pipDocument = JSON.stringify({ pip: requirements, env_vars: { PIP_INDEX_URL: index.url } });
    const script = 'import fixture_lib; print(fixture_lib.__version__)';
    const first = await rtenv(['run', '-e', pipDocument, '--', 'python', '-c', script]);
    expect(first.stderr).not.toContain('Traceback');
    expect({ code: first.code, stdout: first.stdout, path: pathTaken(first) }).toEqual({ code: 0, stdout: '1.0.0\n', path: 'slow' });
    const second = await rtenv(['run', '-e', pipDocument, '--', 'python', '-c', script]);
    expect({ code: second.code, stdout: second.stdout, path: pathTaken(second) }).toEqual({ code: 0, stdout: '1.0.0\n', path: 'slow' });
    expect(second.stderr).toContain('document not recorded for this scope');
    // The reason: the same document now names another environment.
    writeFileSync(requirements, 'fixture-lib==2.0.0\n');
    const changed = await rtenv(['run', '-e', pipDocument, '--', 'python', '-c', script]);
    expect({ code: changed.code, stdout: changed.stdout, path: pathTaken(changed) }).toEqual({ code: 0, stdout: '2.0.0\n', path: 'slow' });
  });
});
