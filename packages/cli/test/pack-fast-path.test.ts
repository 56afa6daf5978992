import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliPackageDirectory } from '../src/config/plugin-resolution.js';
import { runRtenv } from '../src/rtenv.js';
import { captureIo } from './capture-io.js';

let directory: string;
let tree: string;
let config: string;
let env: NodeJS.ProcessEnv;

/** The tree snapshot keeps only files last changed over 100 ms before the walk (see tree-snapshot.ts). */
const letChangesSettle = () => new Promise((resolve) => setTimeout(resolve, 150));

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'rtenv-fast-pack-'));
  tree = path.join(directory, 'tree');
  mkdirSync(path.join(tree, 'sub'), { recursive: true });
  writeFileSync(path.join(tree, 'main.py'), 'print("hello")\n');
  writeFileSync(path.join(tree, 'sub', 'data.txt'), 'data\n');
  writeFileSync(path.join(tree, 'big.ckpt'), 'weights\n');
  config = path.join(directory, 'rtenv.config.json');
  writeFileSync(config, JSON.stringify({ plugins: ['@runtime-env/plugin-working-dir'] }));
  env = { RTENV_DATA_DIR: path.join(directory, 'data'), RTENV_CONFIG: config, RTENV_DEBUG: '1' };
  await letChangesSettle();
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const pack = async (...args: string[]) => {
  const io = captureIo({ env, cwd: cliPackageDirectory });
  const code = await runRtenv(['pack', tree, ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
};
const HIT = /pack: fast path hit: file:\/\/\S+, recorded by an earlier pack/;
const missed = (why: string) => `pack: fast path missed (${why}); loading the config and the working_dir plugin`;

/** A first pack on the full path, which records, then an unchanged one on the fast path. */
async function packTwice(...args: string[]) {
  const first = await pack(...args);
  expect(first.code).toBe(0);
  expect(first.stderr).toContain(missed('not recorded for these inputs'));
  const second = await pack(...args);
  expect(second.stderr).toMatch(HIT);
  expect(second.stdout).toBe(first.stdout);
  return second;
}

const recordFiles = () =>
  readdirSync(path.join(env.RTENV_DATA_DIR!, 'fast-path', 'pack')).map((name) => path.join(env.RTENV_DATA_DIR!, 'fast-path', 'pack', name));

describe('rtenv pack on the fast path', () => {
  it('prints what the full path prints for an unchanged tree, with the same exit code', async () => {
    await packTwice();
    for (const args of [[], ['--json']]) {
      const fast = await pack(...args);
      expect(fast.stderr).toMatch(HIT);
      env.RTENV_FAST_PATH = '0';
      const full = await pack(...args);
      expect(full.stderr).toContain('pack: fast path turned off by RTENV_FAST_PATH=0');
      delete env.RTENV_FAST_PATH;
      expect(fast.stdout).toBe(full.stdout);
      expect(fast.code).toBe(full.code);
      delete env.RTENV_DEBUG;
      const quietFast = await pack(...args);
      env.RTENV_FAST_PATH = '0';
      const quietFull = await pack(...args);
      delete env.RTENV_FAST_PATH;
      env.RTENV_DEBUG = '1';
      expect(quietFast).toEqual(quietFull);
      expect(quietFast.stderr).toBe('');
    }
    const json = JSON.parse((await pack('--json')).stdout) as { uploaded: boolean; filesRead: number; fileCount: number };
    expect(json).toMatchObject({ uploaded: false, filesRead: 0, fileCount: 3 });
  });

  it('takes the full path when a file in the tree changed, and records the new package', async () => {
    const before = await packTwice();
    writeFileSync(path.join(tree, 'sub', 'data.txt'), 'other data\n');
    await letChangesSettle();
    const changed = await pack();
    expect(changed.stderr).toContain(missed('the tree changed since it was packed'));
    expect(changed.stdout).not.toBe(before.stdout);
    const again = await pack();
    expect(again.stderr).toMatch(HIT);
    expect(again.stdout).toBe(changed.stdout);
  });

  it('takes the full path for another exclude', async () => {
    const all = await packTwice();
    const excluding = await pack('--excludes', '*.ckpt');
    expect(excluding.stderr).toContain(missed('not recorded for these inputs'));
    expect(excluding.stdout).not.toBe(all.stdout);
    expect((await pack('--excludes', '*.ckpt')).stderr).toMatch(HIT);
  });

  it('takes the full path when the config changed', async () => {
    await packTwice();
    writeFileSync(config, JSON.stringify({ plugins: ['@runtime-env/plugin-working-dir'], failureTtlSeconds: 5 }));
    const changed = await pack();
    expect(changed).toMatchObject({ code: 0 });
    expect(changed.stderr).toContain(missed(`${config} changed since the pack was recorded`));
    expect((await pack()).stderr).toMatch(HIT);
  });

  it('takes the full path when a plugin file it loaded is not the one recorded', async () => {
    await packTwice();
    const [recordFile] = recordFiles();
    const record = JSON.parse(readFileSync(recordFile!, 'utf8')) as { loadedFiles: { path: string; sha256: string; stamp?: string }[] };
    const checkModule = record.loadedFiles.find((file) => /pack-check\.(ts|js)$/.test(file.path));
    const entry = record.loadedFiles.find((file) => file.path.includes('plugin-working-dir') && /index\.(ts|js)$/.test(file.path));
    expect(entry).toBeDefined();
    expect(checkModule).toBeDefined();
    // The plugin's files are the workspace's own and stay untouched: the record says they were other bytes.
    delete checkModule!.stamp;
    checkModule!.sha256 = '0'.repeat(64);
    writeFileSync(recordFile!, JSON.stringify(record));
    const changed = await pack();
    expect(changed.stderr).toContain(missed(`${checkModule!.path} changed since the pack was recorded`));
    expect((await pack()).stderr).toMatch(HIT);
  });

  it('never names a package that is gone from the store: the full path packs it again', async () => {
    const before = await packTwice();
    const packageFile = fileURLToPath(before.stdout.trim());
    // As a collection of the store would leave it.
    rmSync(packageFile);
    const after = await pack();
    expect(after.stderr).toContain(missed('the package is no longer in the store'));
    expect(after.stdout).toBe(before.stdout);
    expect(existsSync(packageFile)).toBe(true);
    expect((await pack()).stderr).toMatch(HIT);
  });

  it('leaves --list to the full path', async () => {
    await packTwice();
    const listed = await pack('--list');
    expect(listed.stderr).not.toMatch(/fast path/);
    expect(listed.stdout).toBe('big.ckpt\nmain.py\nsub/data.txt\n');
  });
});
