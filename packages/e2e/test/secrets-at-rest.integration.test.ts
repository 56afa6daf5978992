// What rtenv keeps at rest and what it shows of it: the built binary and the agent
// on fresh data directories, started under umask 000 so that every mode checked is
// rtenv's own. The document carries credentials in pip URLs and an env_vars value,
// and fails to install (nothing listens on port 9), so it is recorded with its error.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, collectRtenvOutput, rtenvBinary, type RtenvResult } from './support/rtenv-process.js';

const secrets = ['pip-secret', 'pkg-token', 'env-secret'];
const document = {
  pip: {
    packages: ['example-pkg @ https://pkg-token@127.0.0.1:9/example_pkg-1.0-py3-none-any.whl'],
    pip_install_options: ['--index-url', 'https://builder:pip-secret@127.0.0.1:9/simple', '--retries', '0', '--timeout', '1'],
  },
  env_vars: { TOKEN: 'env-secret' },
};

let workDirectory: string;

function startUnderLooseUmask(args: readonly string[], dataDirectory: string, configPath = ''): ChildProcessWithoutNullStreams {
  return spawn('/bin/sh', ['-c', 'umask 000 && exec "$@"', 'sh', process.execPath, rtenvBinary, ...args], {
    cwd: workDirectory,
    env: { ...process.env, RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: configPath },
  });
}

function rtenv(args: readonly string[], dataDirectory: string, configPath = ''): Promise<RtenvResult> {
  const child = startUnderLooseUmask(args, dataDirectory, configPath);
  child.stdin.end();
  return collectRtenvOutput(child);
}

const modeOf = (file: string): number => statSync(file).mode & 0o7777;

/** Each path with its mode, so a failure names the file. */
function modesOf(files: readonly string[]): [string, number][] {
  return files.filter((file) => existsSync(file)).map((file) => [path.basename(file), modeOf(file)]);
}

function expectPrivateDataDirectory(dataDirectory: string): void {
  const folders = [dataDirectory, path.join(dataDirectory, 'plugins'), path.join(dataDirectory, 'logs')];
  expect(modesOf(folders)).toEqual(folders.map((folder) => [path.basename(folder), 0o700]));
  const logs = readdirSync(path.join(dataDirectory, 'logs')).map((name) => path.join(dataDirectory, 'logs', name));
  const files = [...['', '-wal', '-shm'].map((suffix) => path.join(dataDirectory, `state.sqlite${suffix}`)), ...logs];
  expect(modesOf(files)).toEqual(files.filter((file) => existsSync(file)).map((file) => [path.basename(file), 0o600]));
}

function expectNoSecret(text: string): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** The stored document, read with Python's sqlite3: an observer independent of rtenv. */
function storedDocuments(dataDirectory: string): string {
  const script = 'import sqlite3,sys; print("\\n".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT runtime_env_json FROM environments")))';
  return execFileSync('python3', ['-c', script, path.join(dataDirectory, 'state.sqlite')], { encoding: 'utf8' });
}

beforeAll(() => {
  assertRtenvBuilt();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-secrets-'));
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('rtenv run, ls and logs', () => {
  let dataDirectory: string;
  let run: RtenvResult;

  beforeAll(async () => {
    dataDirectory = path.join(workDirectory, 'cli-data');
    run = await rtenv(['run', '-e', JSON.stringify(document), '--', 'true'], dataDirectory);
  });

  it('makes the data directory and its folders 0700, and the database and setup log 0600', () => {
    expect(run.code).toBe(3);
    expect(readdirSync(path.join(dataDirectory, 'logs'))).toHaveLength(1);
    expectPrivateDataDirectory(dataDirectory);
  });

  it('shows no credential in the progress lines and the error', () => {
    expect(run.stderr).toContain('https://builder:***@127.0.0.1:9/simple');
    expectNoSecret(run.stderr);
  });

  it('masks URL credentials in ls --json and in the setup log, and keeps the stored document whole', async () => {
    const listed = await rtenv(['ls', '--json'], dataDirectory);
    expect(listed.code).toBe(0);
    const [record] = JSON.parse(listed.stdout) as { id: string; state: string; runtimeEnv: typeof document }[];
    expect(record?.state).toBe('failed');
    expect(record?.runtimeEnv.pip.pip_install_options[1]).toBe('https://builder:***@127.0.0.1:9/simple');
    expect(record?.runtimeEnv.pip.packages[0]).toBe('example-pkg @ https://***@127.0.0.1:9/example_pkg-1.0-py3-none-any.whl');
    expectNoSecret(listed.stdout);
    const log = await rtenv(['logs', record!.id], dataDirectory);
    expect(log.code).toBe(0);
    expectNoSecret(log.stdout);
    // Masking is for display: recreating the environment needs the document as given.
    for (const secret of secrets) expect(storedDocuments(dataDirectory)).toContain(secret);
  });

  it('tightens a data directory whose modes were loosened, at the next command', async () => {
    chmodSync(dataDirectory, 0o755);
    chmodSync(path.join(dataDirectory, 'state.sqlite'), 0o644);
    expect((await rtenv(['ls'], dataDirectory)).code).toBe(0);
    expectPrivateDataDirectory(dataDirectory);
  });
});

describe("the fast path's files", () => {
  const envDocument = JSON.stringify({ env_vars: { TOKEN: 'env-secret' } });
  let dataDirectory: string;

  beforeAll(async () => {
    dataDirectory = path.join(workDirectory, 'fast-path-data');
    // The engine's path records the document; the second run is served from the records, holding a lease.
    for (let run = 0; run < 2; run += 1)
      expect(await rtenv(['run', '-e', envDocument, '--', 'sh', '-c', 'test "$TOKEN" = env-secret'], dataDirectory)).toMatchObject({ code: 0 });
  });

  it('are private like the database: folders 0700, records and environment files 0600 (they hold env_vars values in clear)', () => {
    const fastPath = path.join(dataDirectory, 'fast-path');
    const folders = ['', 'run', 'environments', 'leases'].map((folder) => path.join(fastPath, folder));
    expect(modesOf(folders)).toEqual(folders.map((folder) => [path.basename(folder), 0o700]));
    const files = ['run', 'environments'].flatMap((folder) => readdirSync(path.join(fastPath, folder)).map((name) => path.join(fastPath, folder, name)));
    expect(files).toHaveLength(2);
    expect(modesOf(files)).toEqual(files.map((file) => [path.basename(file), 0o600]));
    // What the fast path serves is the stored context, the value as given.
    expect(files.some((file) => readFileSync(file, 'utf8').includes('env-secret'))).toBe(true);
    // The run's lease is gone with the run; the environment's folder of leases stays, empty and private.
    const leaseFolders = readdirSync(path.join(fastPath, 'leases')).map((id) => path.join(fastPath, 'leases', id));
    expect(leaseFolders.map((folder) => readdirSync(folder))).toEqual([[]]);
    expect(modesOf(leaseFolders)).toEqual(leaseFolders.map((folder) => [path.basename(folder), 0o700]));
  });
});

/** An agent under umask 000 on `dataDirectory`; resolves once it wrote its address to `<data>/agent.json`. */
async function startAgent(dataDirectory: string, configPath = ''): Promise<{ url: string; stop(): Promise<void> }> {
  const agent = startUnderLooseUmask(['agent'], dataDirectory, configPath);
  agent.stdin.end();
  agent.stdout.resume();
  agent.stderr.resume();
  const addressFile = path.join(dataDirectory, 'agent.json');
  const deadline = Date.now() + 30_000;
  while (!existsSync(addressFile)) {
    if (Date.now() > deadline || agent.exitCode !== null) throw new Error(`${addressFile} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { url } = JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string };
  const stop = async (): Promise<void> => {
    if (agent.exitCode !== null) return;
    const exited = new Promise((resolve) => agent.on('exit', resolve));
    agent.kill('SIGTERM');
    await exited;
  };
  return { url, stop };
}

/**
 * A plugin whose URIs name their source URL, as working_dir's do for a git
 * repository: `remote_note:e2e-test-plugins@1.0.0/https://user:token@host/...`.
 */
function writeRemoteNotePlugin(directory: string): string {
  const zodUrl = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'index.js')).href;
  const file = path.join(directory, 'remote-note-plugin.mjs');
  // The core takes a plugin's identity (part of every URI) from the package.json above it.
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'e2e-test-plugins', version: '1.0.0' }));
  writeFileSync(
    file,
    `import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from '${zodUrl}';
export default {
  apiVersion: 2,
  name: 'remote_note',
  schema: z.strictObject({ url: z.string() }),
  hash: (spec) => ({ keys: [spec.url], fromSpecAlone: true }),
  async create(spec, ctx) {
    await writeFile(path.join(ctx.directory, 'note.txt'), 'noted');
    return { sizeBytes: 5, lock: [{ name: 'note', version: '1.0' }] };
  },
  formatLock: (lock) => lock.map((entry) => entry.name + '==' + entry.version).join('\\n') + '\\n',
};
`,
  );
  return file;
}

describe('URIs that name a URL with credentials', () => {
  const noteDocument = JSON.stringify({ remote_note: { url: 'https://reader:note-secret@git.example/org/repo.git' } });
  let dataDirectory: string;
  let configPath: string;

  beforeAll(async () => {
    dataDirectory = path.join(workDirectory, 'note-data');
    // Not in the working directory, where the other tests' commands would find it.
    const configDirectory = mkdtempSync(path.join(workDirectory, 'note-config-'));
    configPath = path.join(configDirectory, 'rtenv.config.json');
    writeFileSync(configPath, JSON.stringify({ plugins: [writeRemoteNotePlugin(configDirectory)] }));
    const run = await rtenv(['run', '-q', '-e', noteDocument, '--', 'true'], dataDirectory, configPath);
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });

  it('are masked by ls --json, lock and gc', async () => {
    const listed = await rtenv(['ls', '--json'], dataDirectory, configPath);
    const [record] = JSON.parse(listed.stdout) as { id: string; uris: { uri: string }[] }[];
    expect(record?.uris[0]?.uri).toBe('remote_note:e2e-test-plugins@1.0.0/https://reader:***@git.example/org/repo.git');
    const outputs = [
      listed,
      await rtenv(['lock', record!.id], dataDirectory, configPath),
      await rtenv(['gc', '--dry-run', '--all'], dataDirectory, configPath),
      await rtenv(['gc', '--dry-run', '--all', '--json'], dataDirectory, configPath),
    ];
    for (const output of outputs) {
      expect(output.code).toBe(0);
      expect(output.stdout).toContain('reader:***@git.example');
      expect(output.stdout + output.stderr).not.toContain('note-secret');
    }
  });

  it("are masked in the agent's garbage collection answer", async () => {
    const agent = await startAgent(path.join(workDirectory, 'note-agent-data'), configPath);
    try {
      const created = await fetch(`${agent.url}/v1/envs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ runtimeEnv: JSON.parse(noteDocument), owner: 'e2e', leaseSeconds: 1 }),
      });
      expect(created.status).toBe(200);
      const { environment } = (await created.json()) as { environment: { id: string } };
      expect((await fetch(`${agent.url}/v1/envs/${environment.id}/references/e2e`, { method: 'DELETE' })).status).toBe(200);
      const collected = await fetch(`${agent.url}/v1/gc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dryRun: true, all: true }),
      });
      const text = await collected.text();
      expect(text).toContain('reader:***@git.example');
      expect(text).not.toContain('note-secret');
    } finally {
      await agent.stop();
    }
  });
});

describe('rtenv agent', () => {
  let dataDirectory: string;
  let agent: Awaited<ReturnType<typeof startAgent>>;
  let agentUrl: string;

  beforeAll(async () => {
    dataDirectory = path.join(workDirectory, 'agent-data');
    agent = await startAgent(dataDirectory);
    agentUrl = agent.url;
  });

  afterAll(() => agent?.stop());

  it('keeps its data directory private, agent.json included', () => {
    expect(modesOf([path.join(dataDirectory, 'agent.json')])).toEqual([['agent.json', 0o600]]);
    expectPrivateDataDirectory(dataDirectory);
  });

  it('masks URL credentials in its error answer and in the environments it returns', async () => {
    const created = await fetch(`${agentUrl}/v1/envs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ runtimeEnv: document, owner: 'e2e' }),
    });
    const createdText = await created.text();
    expect(created.status).toBe(422);
    expectNoSecret(createdText);
    const listed = await fetch(`${agentUrl}/v1/envs`);
    const listedText = await listed.text();
    const { items } = JSON.parse(listedText) as { items: { id: string; runtimeEnv: typeof document }[] };
    expect(items[0]?.runtimeEnv.pip.pip_install_options[1]).toBe('https://builder:***@127.0.0.1:9/simple');
    expectNoSecret(listedText);
    const shown = await (await fetch(`${agentUrl}/v1/envs/${items[0]!.id}`)).text();
    expectNoSecret(shown);
    expectPrivateDataDirectory(dataDirectory);
  });
});
