// `rtenv run` and the environment commands (ls, logs, lock, rm, gc) as a user runs
// them: the built binary, a real data directory, a real Python, and a small plugin
// module written by the test that creates a real file slowly and reports progress.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRtenvOutput, spawnRtenv, type RtenvResult } from './support/rtenv-process.js';

const binPath = fileURLToPath(new URL('../../cli/dist/bin.cjs', import.meta.url));
let workDirectory: string;
let dataDirectory: string;
let configPath: string;

function startRtenv(args: readonly string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawnRtenv(args, {
    cwd: workDirectory,
    env: { ...process.env, RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: configPath, ...env },
  });
}

function rtenv(args: readonly string[], env: Record<string, string> = {}): Promise<RtenvResult> {
  const child = startRtenv(args, env);
  child.stdin.end();
  return collectRtenvOutput(child);
}

async function waitForOutput(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr', text: string): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child[stream].on('data', (chunk) => {
      seen += chunk;
      if (seen.includes(text)) resolve();
    });
    child.on('close', () => reject(new Error(`rtenv ended before printing "${text}"; it printed: ${seen}`)));
  });
}

/** A plugin for the `slow_file` field: writes `content` to a file in `steps` slow steps. */
function writeSlowFilePlugin(directory: string): string {
  const require = createRequire(import.meta.url);
  const zodUrl = pathToFileURL(path.join(path.dirname(require.resolve('zod/package.json')), 'index.js')).href;
  const coreDirectory = realpathSync(fileURLToPath(new URL('../node_modules/@runtime-env/core', import.meta.url)));
  const corePluginUrl = pathToFileURL(path.join(coreDirectory, 'dist', 'plugin', 'index.js')).href;
  const file = path.join(directory, 'slow-file-plugin.mjs');
  // The core takes a plugin's identity (part of every URI) from the package.json above it.
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'e2e-test-plugins', version: '1.0.0' }));
  writeFileSync(
    file,
    `
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from '${zodUrl}';
import { SetupFailure } from '${corePluginUrl}';

const pause = (milliseconds, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, milliseconds);
  signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('cancelled')); }, { once: true });
});

export default {
  apiVersion: 2,
  name: 'slow_file',
  priority: 20,
  description: 'test plugin: writes a file in slow steps',
  schema: z.strictObject({ content: z.string(), steps: z.number().int().min(1).default(2), step_ms: z.number().int().min(0).default(50), fail_with: z.string().optional() }),
  hash: (spec) => ({ keys: [createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 24)], fromSpecAlone: true }),
  async create(spec, ctx) {
    ctx.logger.info('writing the slow file', { steps: spec.steps });
    for (let step = 1; step <= spec.steps; step += 1) {
      ctx.progress({ phase: 'downloading', message: 'step ' + step + ' of ' + spec.steps, bytesDone: step * 1024, bytesTotal: spec.steps * 1024 });
      await pause(spec.step_ms, ctx.signal);
    }
    if (spec.fail_with) throw SetupFailure.permanent('the mirror refused: ' + spec.fail_with, { hint: 'pick a package the mirror has' });
    await writeFile(path.join(ctx.directory, 'content.txt'), spec.content);
    return { sizeBytes: Buffer.byteLength(spec.content), lock: [{ name: 'slow-content', version: '1.0.0' }, { name: 'other', version: '2.1' }] };
  },
  modifyContext(_spec, { uris, context, directoryOf }) {
    context.envVars.SLOW_FILE = path.join(directoryOf(uris[0]), 'content.txt');
  },
  formatLock: (lock) => lock.map((entry) => entry.name + ' @ ' + entry.version).join('\\n'),
};
`,
  );
  return file;
}

/** Where the core keeps a URI (its data layout), to look at the disk without asking rtenv. */
function uriDirectoryOf(uri: string): string {
  return path.join(dataDirectory, 'plugins', 'slow_file', 'uris', createHash('sha256').update(uri).digest('hex').slice(0, 32));
}

const printSlowFile = 'import os; print(open(os.environ["SLOW_FILE"]).read())';

beforeAll(() => {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: build it with \`pnpm --filter @runtime-env/cli... build\``);
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-cli-run-'));
  dataDirectory = path.join(workDirectory, 'data');
  const pluginFile = writeSlowFilePlugin(workDirectory);
  configPath = path.join(workDirectory, 'rtenv.config.json');
  writeFileSync(configPath, JSON.stringify({ plugins: ['@runtime-env/plugin-env-vars', pluginFile] }));
  // The config names the env_vars package; it resolves from the config's folder or
  // the cwd, so give the work folder the CLI's node_modules.
  mkdirSync(path.join(workDirectory, 'node_modules', '@runtime-env'), { recursive: true });
  const envVarsPackage = realpathSync(fileURLToPath(new URL('../../cli/node_modules/@runtime-env/plugin-env-vars', import.meta.url)));
  symlinkSync(envVarsPackage, path.join(workDirectory, 'node_modules', '@runtime-env', 'plugin-env-vars'), 'dir');
});
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('rtenv run', () => {
  it('runs the command with the env_vars of the document, expanded at launch', async () => {
    const result = await rtenv([
      'run',
      '--runtime-env',
      '{"env_vars": {"GREETING": "hi there", "WHERE": "${HOME}/x"}}',
      '--',
      'python3',
      '-c',
      'import os; print(os.environ["GREETING"]); print(os.environ["WHERE"])',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`hi there\n${process.env.HOME}/x\n`);
  });

  it('takes the command without -- too, leaving its options alone', async () => {
    const result = await rtenv(['run', '-e', '{"env_vars": {"A": "1"}}', 'python3', '-c', 'import os,sys; print(os.environ["A"], sys.argv[1:])', '-q', '--x']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("1 ['-q', '--x']");
  });

  it("exits with the command's exit code", async () => {
    const result = await rtenv(['run', '--', 'python3', '-c', 'import sys; sys.exit(7)']);
    expect(result.code).toBe(7);
  });

  it('exits with 128+N when signal N ends the command', async () => {
    const result = await rtenv(['run', '--', 'sh', '-c', 'kill -KILL $$']);
    expect(result.code).toBe(137);
  });

  it('exits 127 with a clear message when the command does not exist', async () => {
    const result = await rtenv(['run', '--', 'no-such-program-rtenv']);
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('no-such-program-rtenv');
  });

  it('passes SIGTERM on to the command and exits with its code', async () => {
    const child = startRtenv([
      'run',
      '--',
      'python3',
      '-c',
      'import signal, sys, time\nsignal.signal(signal.SIGTERM, lambda *_: (print("got SIGTERM", flush=True), sys.exit(42)))\nprint("ready", flush=True)\ntime.sleep(60)',
    ]);
    const result = collectRtenvOutput(child);
    await waitForOutput(child, 'stdout', 'ready');
    child.kill('SIGTERM');
    const { code, stdout } = await result;
    expect(stdout).toContain('got SIGTERM');
    expect(code).toBe(42);
  });

  it('passes SIGINT on as SIGINT, so Python sees KeyboardInterrupt', async () => {
    const child = startRtenv([
      'run',
      '--',
      'python3',
      '-c',
      'import time\ntry:\n    print("ready", flush=True)\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    print("KeyboardInterrupt", flush=True)\n    raise',
    ]);
    const result = collectRtenvOutput(child);
    await waitForOutput(child, 'stdout', 'ready');
    child.kill('SIGINT');
    const { code, stdout } = await result;
    expect(stdout).toContain('KeyboardInterrupt');
    expect(code).toBe(130);
  });

  it('passes on every signal, not only the first, as a shell does', async () => {
    const program = [
      'import signal, sys, time',
      'count = 0',
      'def on_interrupt(*_):',
      '    global count',
      '    count += 1',
      '    print(f"SIGINT {count}", flush=True)',
      '    if count == 2: sys.exit(5)',
      'signal.signal(signal.SIGINT, on_interrupt)',
      'print("ready", flush=True)',
      'while True: time.sleep(0.05)',
    ].join('\n');
    const child = startRtenv(['run', '--', 'python3', '-c', program]);
    const result = collectRtenvOutput(child);
    await waitForOutput(child, 'stdout', 'ready');
    child.kill('SIGINT');
    await waitForOutput(child, 'stdout', 'SIGINT 1');
    child.kill('SIGINT');
    const { code, stdout } = await result;
    expect(stdout).toContain('SIGINT 2');
    expect(code).toBe(5);
  });

  it('holds a reference while the command runs and releases it afterwards', async () => {
    const document = '{"env_vars": {"HELD": "yes"}}';
    const child = startRtenv(['run', '-e', document, '--', 'python3', '-c', 'import sys; print("ready", flush=True); sys.stdin.read()']);
    const result = collectRtenvOutput(child);
    await waitForOutput(child, 'stdout', 'ready');
    const { id } = JSON.parse((await rtenv(['hash', '--json', '-e', document])).stdout) as { id: string };
    const during = JSON.parse((await rtenv(['ls', '--json'])).stdout) as { id: string; references: { owner: string }[] }[];
    expect(during.find((record) => record.id === id)?.references.map((reference) => reference.owner)).toEqual([`cli:${child.pid}`]);
    child.stdin.end();
    expect((await result).code).toBe(0);
    const after = JSON.parse((await rtenv(['ls', '--json'])).stdout) as { id: string; references: unknown[] }[];
    expect(after.find((record) => record.id === id)?.references).toEqual([]);
  });

  it('refuses an invalid document with exit 2 and does not run the command', async () => {
    const marker = path.join(workDirectory, 'should-not-exist');
    const result = await rtenv(['run', '-e', '{"env_vars": {"PORT": 8080}}', '--', 'touch', marker]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('env_vars.PORT');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('rtenv run with a plugin that creates something', () => {
  it('shows plain progress lines off a terminal, creates once, and reuses the cache', async () => {
    const document = JSON.stringify({ slow_file: { content: 'first content', steps: 3 } });
    const first = await rtenv(['run', '-e', document, '--', 'python3', '-c', printSlowFile]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('first content\n');
    expect(first.stderr).toContain('rtenv: slow_file: downloading: step 1 of 3 (1.0 KiB/3.0 KiB 33%)');
    expect(first.stderr).toContain('rtenv: slow_file: downloading: step 3 of 3');
    const second = await rtenv(['run', '-e', document, '--', 'python3', '-c', printSlowFile]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('first content\n');
    expect(second.stderr).toBe('');
  });

  it('prints nothing but the command output with --quiet', async () => {
    const result = await rtenv(['run', '--quiet', '-e', JSON.stringify({ slow_file: { content: 'quiet' } }), '--', 'python3', '-c', printSlowFile]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('quiet\n');
  });

  it('exits 3 on a setup failure, naming the plugin and the hook, with the hint and log tail, without secrets', async () => {
    // The failure message quotes the secret, as a careless plugin's might.
    const document = JSON.stringify({
      slow_file: { content: 'x', steps: 1, fail_with: 'no such package for token tok-very-secret-1234' },
      env_vars: { TOKEN: 'tok-very-secret-1234' },
    });
    const result = await rtenv(['run', '-e', document, '--', 'true']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('plugin "slow_file" failed in create');
    expect(result.stderr).toContain('the mirror refused: no such package for token');
    expect(result.stderr).toContain('pick a package the mirror has');
    expect(result.stderr).toContain('writing the slow file');
    expect(result.stderr).not.toContain('tok-very-secret-1234');
  });

  it("names the failed environment and its setup log, and shows the log's last lines after a timeout", async () => {
    const failing = JSON.stringify({ slow_file: { content: 'x', steps: 1, fail_with: 'gone' } });
    const failed = await rtenv(['run', '-e', failing, '--', 'true']);
    expect(failed.code).toBe(3);
    const failedId = (JSON.parse((await rtenv(['hash', '--json', '-e', failing])).stdout) as { id: string }).id;
    expect(failed.stderr).toContain(`  environment: ${failedId}\n`);
    const logPath = /setup log: (\S+) \(or `rtenv logs [0-9a-f]{12}`\)/.exec(failed.stderr)?.[1];
    expect(logPath && readFileSync(logPath, 'utf8')).toContain('writing the slow file');

    const slow = JSON.stringify({ slow_file: { content: 'late', steps: 600, step_ms: 100 }, config: { setup_timeout_seconds: 1 } });
    const timedOut = await rtenv(['run', '-e', slow, '--', 'true']);
    expect(timedOut.code).toBe(3);
    expect(timedOut.stderr).toContain('[setup_timeout]');
    expect(timedOut.stderr).toMatch(
      / {2}environment: [0-9a-f]+\n {2}setup log: \S+ \(or `rtenv logs [0-9a-f]{12}`\)\n {2}last lines of the setup log:\n( {4}\| .*\n)* {4}\| .*downloading: step \d+ of 600\n/,
    );
  });

  it('says it is waiting while another rtenv process creates the same environment', async () => {
    const document = JSON.stringify({ slow_file: { content: 'made once', steps: 30, step_ms: 100 } });
    const creator = startRtenv(['run', '-e', document, '--', 'python3', '-c', printSlowFile]);
    const created = collectRtenvOutput(creator);
    await waitForOutput(creator, 'stderr', 'step 1 of 30');
    const waiter = await rtenv(['run', '-e', document, '--', 'python3', '-c', printSlowFile]);
    expect(waiter.stderr).toMatch(new RegExp(`rtenv: slow_file: waiting: another process \\(pid ${creator.pid}\\) is creating it`));
    expect(waiter.stderr).not.toContain('step 1 of 30');
    expect(waiter.stdout).toBe('made once\n');
    expect(waiter.code).toBe(0);
    expect((await created).code).toBe(0);
  });

  it('names the environment that failed in the agent, and how to read its log there', async () => {
    const addressFile = path.join(workDirectory, 'failure-agent.json');
    const agent = startRtenv(['agent', '--address-file', addressFile, '--data-dir', path.join(workDirectory, 'failure-agent-data')]);
    try {
      await waitForOutput(agent, 'stdout', 'rtenv agent listening');
      const agentUrl = (JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url;
      const failing = JSON.stringify({ slow_file: { content: 'x', steps: 1, fail_with: 'gone in the agent' } });
      const failed = await rtenv(['run', '--agent', agentUrl, '-e', failing, '--', 'true']);
      expect(failed.code, failed.stderr).toBe(3);
      const named = /environment: [0-9a-f]+ \(read its setup log with `rtenv logs --agent (\S+) ([0-9a-f]{12})`\)/.exec(failed.stderr);
      expect(named?.[1]).toBe(agentUrl);
      const log = await rtenv(['logs', '--agent', agentUrl, named![2]!]);
      expect(log.code, log.stderr).toBe(0);
      expect(log.stdout).toContain('the mirror refused: gone in the agent');
    } finally {
      agent.kill('SIGTERM');
      await new Promise((resolve) => agent.on('close', resolve));
    }
  });

  it('cancels a creation on SIGINT, exits 130, and keeps nothing half-built', async () => {
    const document = JSON.stringify({ slow_file: { content: 'interrupted', steps: 50, step_ms: 100 } });
    const child = startRtenv(['run', '-e', document, '--', 'python3', '-c', printSlowFile]);
    const result = collectRtenvOutput(child);
    await waitForOutput(child, 'stderr', 'step 2 of 50');
    child.kill('SIGINT');
    const { code, stderr } = await result;
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted by SIGINT');
    const resolved = JSON.parse((await rtenv(['hash', '--json', '-e', document])).stdout) as { id: string; uris: { uri: string }[] };
    const records = JSON.parse((await rtenv(['ls', '--json'])).stdout) as { id: string; state: string }[];
    expect(records.find((record) => record.id === resolved.id)?.state).not.toBe('ready');
    // Looked at on disk, not through rtenv: the URI's directory (named by the core's layout) is gone.
    const uriDirectory = uriDirectoryOf(resolved.uris[0]!.uri);
    expect(existsSync(path.dirname(uriDirectory))).toBe(true);
    expect(existsSync(uriDirectory)).toBe(false);
    // The next run builds it from scratch and succeeds.
    const retried = await rtenv([
      'run',
      '-q',
      '-e',
      JSON.stringify({ slow_file: { content: 'interrupted', steps: 50, step_ms: 1 } }),
      '--',
      'python3',
      '-c',
      printSlowFile,
    ]);
    expect(retried.code).toBe(0);
  });

  it('draws a live progress display on a terminal', async () => {
    const document = JSON.stringify({ slow_file: { content: 'tty', steps: 6, step_ms: 150 } });
    const documentFile = path.join(workDirectory, 'tty-document.json');
    writeFileSync(documentFile, document);
    const command = `${process.execPath} ${binPath} run --runtime-env-file ${documentFile} -- python3 -c 'print(1)'`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: workDirectory,
      env: { ...process.env, RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: configPath, COLUMNS: '100' },
    });
    const { code, stdout } = await collectRtenvOutput(child as ChildProcessWithoutNullStreams);
    expect(code).toBe(0);
    // The display moves the cursor back up over its line to redraw it in place.
    expect(stdout).toContain('\u001b[1A');
    expect(stdout).toContain('\r\u001b[2K');
    expect(stdout).toMatch(/…\s+slow_file\s+downloading\s+(\d+ ms|\d+\.\d s)\s+[\d.]+ KiB\/6\.0 KiB \d+%\s+step \d of 6/);
    expect(stdout).toMatch(/✓\s+slow_file/);
    expect(stdout).not.toContain('rtenv: slow_file:');
  });

  it('shows the wait for another process on the live display too', async () => {
    const document = JSON.stringify({ slow_file: { content: 'tty wait', steps: 30, step_ms: 100 } });
    const creator = startRtenv(['run', '-e', document, '--', 'true']);
    const created = collectRtenvOutput(creator);
    await waitForOutput(creator, 'stderr', 'step 1 of 30');
    const documentFile = path.join(workDirectory, 'tty-wait-document.json');
    writeFileSync(documentFile, document);
    const command = `${process.execPath} ${binPath} run --runtime-env-file ${documentFile} -- true`;
    const waiter = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: workDirectory,
      env: { ...process.env, RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: configPath, COLUMNS: '120' },
    });
    const { code, stdout } = await collectRtenvOutput(waiter as ChildProcessWithoutNullStreams);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`slow_file\\s+waiting\\s+.*another process \\(pid ${creator.pid}\\) is creating it`));
    expect((await created).code).toBe(0);
  });
});

describe('rtenv ls, logs, lock, rm and gc', () => {
  const document = JSON.stringify({ slow_file: { content: 'inspect me', steps: 1 } });
  let environmentId: string;

  beforeAll(async () => {
    const created = await rtenv(['run', '-q', '-e', document, '--', 'true']);
    expect(created.code).toBe(0);
    environmentId = (JSON.parse((await rtenv(['hash', '--json', '-e', document])).stdout) as { id: string }).id;
  });

  it('lists the environment with its state and size, and accepts an id prefix everywhere', async () => {
    const table = await rtenv(['ls']);
    expect(table.stdout).toMatch(
      new RegExp(`^${environmentId.slice(0, 12)}\\s+ready\\s+10 B\\s+0\\s+no\\s+\\d+s ago\\s+\\d+s ago\\s+[\\d.]+ m?s\\s+slow_file$`, 'm'),
    );
    const records = JSON.parse((await rtenv(['ls', '--json', '--plugin', 'slow_file'])).stdout) as { id: string; uris: { lock: unknown }[] }[];
    const record = records.find((candidate) => candidate.id === environmentId);
    expect(record?.uris[0]?.lock).toEqual([
      { name: 'slow-content', version: '1.0.0' },
      { name: 'other', version: '2.1' },
    ]);
  });

  it("prints the setup log with logs, and the plugin's lock format with lock", async () => {
    const logs = await rtenv(['logs', environmentId.slice(0, 8)]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('writing the slow file');
    const lock = await rtenv(['lock', environmentId.slice(0, 8)]);
    expect(lock.code).toBe(0);
    expect(lock.stdout).toMatch(/^# slow_file slow_file:e2e-test-plugins@1\.0\.0\/[0-9a-f]+\nslow-content @ 1\.0\.0\nother @ 2\.1\n$/);
  });

  it('exits 4 for an environment that does not exist', async () => {
    for (const command of [
      ['logs', 'ffffffff'],
      ['lock', 'ffffffff'],
      ['rm', 'ffffffff'],
    ]) {
      const result = await rtenv(command);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('no environment "ffffffff"');
      expect(result.stderr).toContain('rtenv ls');
    }
  });

  it('refuses to remove an environment in use unless forced', async () => {
    const inUse = JSON.stringify({ slow_file: { content: 'in use', steps: 1 } });
    const child = startRtenv(['run', '-q', '-e', inUse, '--', 'python3', '-c', 'import sys; print("ready", flush=True); sys.stdin.read()']);
    const result = collectRtenvOutput(child);
    await waitForOutput(child, 'stdout', 'ready');
    const { id } = JSON.parse((await rtenv(['hash', '--json', '-e', inUse])).stdout) as { id: string };
    const refused = await rtenv(['rm', id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`cli:${child.pid}`);
    const forced = await rtenv(['rm', '--force', id]);
    expect(forced.code).toBe(0);
    child.stdin.end();
    await result;
  });

  it('collects unreferenced URIs with gc --all, after showing them with --dry-run', async () => {
    const uri = (JSON.parse((await rtenv(['ls', '--json'])).stdout) as { id: string; uris: { uri: string }[] }[]).find((record) => record.id === environmentId)!
      .uris[0]!.uri;
    const dryRun = await rtenv(['gc', '--all', '--dry-run', '--json']);
    expect(dryRun.code).toBe(0);
    const planned = JSON.parse(dryRun.stdout) as { dryRun: boolean; removed: { uri: string }[] };
    expect(planned.dryRun).toBe(true);
    expect(planned.removed.map((candidate) => candidate.uri)).toContain(uri);
    expect(existsSync(path.join(uriDirectoryOf(uri), 'content.txt'))).toBe(true);
    const collected = await rtenv(['gc', '--all']);
    expect(collected.code).toBe(0);
    expect(collected.stdout).toMatch(/freed [\d.]+ (B|KiB) in \d+ URI\(s\)/);
    expect(existsSync(uriDirectoryOf(uri))).toBe(false);
    const again = await rtenv(['gc', '--all']);
    expect(again.stdout).toBe('nothing to collect\n');
  });

  it('removes an environment and its directory with rm', async () => {
    const fresh = JSON.stringify({ slow_file: { content: 'remove me', steps: 1 } });
    expect((await rtenv(['run', '-q', '-e', fresh, '--', 'true'])).code).toBe(0);
    const { id } = JSON.parse((await rtenv(['hash', '--json', '-e', fresh])).stdout) as { id: string };
    const record = (JSON.parse((await rtenv(['ls', '--json'])).stdout) as { id: string; uris: { uri: string }[] }[]).find((candidate) => candidate.id === id);
    const uriDirectory = uriDirectoryOf(record!.uris[0]!.uri);
    expect(readFileSync(path.join(uriDirectory, 'content.txt'), 'utf8')).toBe('remove me');
    const removed = await rtenv(['rm', id.slice(0, 10)]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`removed ${id}`);
    expect((await rtenv(['logs', id])).code).toBe(4);
    expect(existsSync(uriDirectory)).toBe(false);
  });
});
