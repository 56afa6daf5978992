import { linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreateContext, ProgressUpdate } from '@runtime-env/plugin-api';
import { buildWheel } from '@runtime-env/testkit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { entryFromWheel } from '../src/installer/entry-from-wheel.js';
import { installFromWheels, type WheelInstallerAccess } from '../src/installer/install-from-wheels.js';
import { createDownloadTally } from '../src/pip-progress.js';
import { linkDistribution } from '../src/store/link-distribution.js';
import { linkTree } from '../src/store/link-tree.js';
import { parseRecord, recordHash } from '../src/store/record-file.js';
import type { StoreAccess } from '../src/store/store-access.js';
import { storeLayout } from '../src/store/store-layout.js';
import type { StoreManifest } from '../src/store/store-manifest.js';

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'plugin-pip-linking-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

const signal = new AbortController().signal;

describe('linking a tree of files', () => {
  it('makes every directory the files need, parents first, and places the first file before any other', async () => {
    const root = temporaryDirectory();
    const source = join(root, 'source');
    const target = join(root, 'target');
    const files = ['lib/site/pkg/__init__.py', 'lib/site/pkg/sub/deep/mod.py', 'lib/site/pkg-1.dist-info/METADATA', 'top.txt'];
    for (const file of files) {
      mkdirSync(dirname(join(source, file)), { recursive: true });
      writeFileSync(join(source, file), file);
    }
    mkdirSync(target);
    const placed: string[] = [];
    await linkTree({
      targetRoot: target,
      directories: ['bin', 'lib/site/pkg-1.dist-info'],
      files,
      first: 'lib/site/pkg-1.dist-info/METADATA',
      place: (path) => {
        placed.push(path);
        linkSync(join(source, path), join(target, path));
      },
      signal,
    });
    expect(placed[0]).toBe('lib/site/pkg-1.dist-info/METADATA');
    expect([...placed].sort()).toEqual([...files].sort());
    for (const file of files) expect(lstatSync(join(target, file)).ino).toBe(lstatSync(join(source, file)).ino);
    // A directory asked for without files in it is made too.
    expect(lstatSync(join(target, 'bin')).isDirectory()).toBe(true);
  });

  it('places into directories that exist already (the venv made them, or another distribution did)', async () => {
    const root = temporaryDirectory();
    mkdirSync(join(root, 'lib', 'site', 'namespace'), { recursive: true });
    writeFileSync(join(root, 'lib', 'site', 'namespace', 'other.py'), 'other');
    const placed: string[] = [];
    await linkTree({
      targetRoot: root,
      directories: [],
      files: ['lib/site/namespace/mine.py'],
      place: (path) => {
        placed.push(path);
        writeFileSync(join(root, path), 'mine');
      },
      signal,
    });
    expect(placed).toEqual(['lib/site/namespace/mine.py']);
    expect(readFileSync(join(root, 'lib', 'site', 'namespace', 'other.py'), 'utf8')).toBe('other');
  });

  it('stops at the first file it cannot place, and where a file stands in for a directory', async () => {
    const root = temporaryDirectory();
    const failing = linkTree({
      targetRoot: root,
      directories: [],
      files: ['a/one', 'a/two', 'a/three'],
      place: (path) => {
        if (path === 'a/two') throw new Error('no room for a/two');
        writeFileSync(join(root, path), '');
      },
      signal,
    });
    await expect(failing).rejects.toThrow('no room for a/two');
    writeFileSync(join(root, 'blocked'), 'a file, not a folder');
    const place = (path: string): void => writeFileSync(join(root, path), '');
    await expect(linkTree({ targetRoot: root, directories: [], files: ['blocked/x.py'], place, signal })).rejects.toThrow(/ENOTDIR/);
  });

  it('places nothing once the creation is cancelled', async () => {
    const root = temporaryDirectory();
    const cancelled = new AbortController();
    cancelled.abort(new Error('cancelled by the caller'));
    const placed: string[] = [];
    await expect(
      linkTree({ targetRoot: root, directories: [], files: ['a.py'], place: (path) => placed.push(path), signal: cancelled.signal }),
    ).rejects.toThrow('cancelled by the caller');
    expect(placed).toEqual([]);
  });
});

describe('linking a stored distribution', () => {
  it("gives the environment's scripts and INSTALLER their own hashes, however the RECORD spells their paths", async () => {
    const root = temporaryDirectory();
    const entry = join(root, 'entry');
    const venv = join(root, 'venv');
    const site = 'lib/python3.11/site-packages';
    const files = [`${site}/tool/__init__.py`, `${site}/tool-1.0.dist-info/METADATA`];
    for (const file of files) {
      mkdirSync(dirname(join(entry, 'files', file)), { recursive: true });
      writeFileSync(join(entry, 'files', file), file);
    }
    mkdirSync(join(entry, 'scripts', 'bin'), { recursive: true });
    writeFileSync(join(entry, 'scripts', 'bin', 'tool'), 'import tool\n');
    mkdirSync(join(venv, site), { recursive: true });
    const manifest: StoreManifest = {
      name: 'tool',
      version: '1.0',
      wheelSha256: 'a'.repeat(64),
      interpreterTag: 'cpython-311-x86_64-linux-gnu',
      sitePackages: site,
      compiled: false,
      distInfo: 'tool-1.0.dist-info',
      files,
      scripts: [{ path: 'bin/tool', mode: 0o755, namesInterpreter: true }],
      record: [
        { path: 'tool/__init__.py', hash: 'sha256=stored', size: '30' },
        { path: 'tool-1.0.dist-info/METADATA', hash: 'sha256=stored', size: '40' },
        // pip writes `../../../bin/tool`; these spellings name the same files.
        { path: 'tool/../../../../bin/tool', hash: 'sha256=old', size: '1' },
        { path: './tool-1.0.dist-info/INSTALLER', hash: 'sha256=old', size: '1' },
        { path: 'tool-1.0.dist-info/RECORD', hash: '', size: '' },
      ],
      bytes: 0,
      installer: 'rtenv',
    };
    await linkDistribution({ entry, manifest, venv, python: join(venv, 'bin', 'python'), requested: true, signal });
    const record = parseRecord(readFileSync(join(venv, site, 'tool-1.0.dist-info', 'RECORD'), 'utf8'));
    const script = readFileSync(join(venv, 'bin', 'tool'));
    expect(script.toString()).toBe(`#!${join(venv, 'bin', 'python')}\nimport tool\n`);
    expect(record.find((line) => line.path === 'tool/../../../../bin/tool')).toEqual({
      path: 'tool/../../../../bin/tool',
      hash: recordHash(script),
      size: String(script.length),
    });
    expect(record.find((line) => line.path === './tool-1.0.dist-info/INSTALLER')?.hash).toBe(recordHash(Buffer.from('rtenv\n')));
    expect(record.find((line) => line.path === 'tool/__init__.py')?.hash).toBe('sha256=stored');
    expect(record.find((line) => line.path === 'tool-1.0.dist-info/REQUESTED')).toEqual({
      path: 'tool-1.0.dist-info/REQUESTED',
      hash: recordHash(Buffer.alloc(0)),
      size: '0',
    });
    expect(lstatSync(join(venv, files[0] as string)).ino).toBe(lstatSync(join(entry, 'files', files[0] as string)).ino);
  });
});

describe('the wheel installer', () => {
  it('unpacks a new wheel before it links the stored ones, whatever order the resolution gives', async () => {
    const work = await mkdtemp(join(tmpdir(), 'plugin-pip-order-'));
    onTestFinished(() => rm(work, { recursive: true, force: true }));
    const site = 'lib/python3.11/site-packages';
    const environment = { interpreterTag: 'cpython-311-x86_64-linux-gnu', sitePackages: site, compiled: false };
    const layout = storeLayout(join(work, 'plugin'));
    const wheels = await Promise.all(['stored-one', 'new-one'].map((name) => buildWheel({ name, version: '1.0' })));
    for (const wheel of wheels) await writeFile(join(work, wheel.fileName), wheel.data);
    const [stored, fresh] = wheels as [Awaited<ReturnType<typeof buildWheel>>, Awaited<ReturnType<typeof buildWheel>>];
    await entryFromWheel({
      layout,
      identity: { name: 'stored-one', version: '1.0', wheelSha256: stored.sha256, ...environment },
      wheelPath: join(work, stored.fileName),
      python: 'python3',
      pythonVersion: '3.11',
      environment: {},
      signal,
    });
    const venv = join(work, 'venv');
    mkdirSync(join(venv, site), { recursive: true });
    const events: ProgressUpdate[] = [];
    const ctx = {
      signal,
      progress: (update: ProgressUpdate) => events.push(update),
      logger: { info: () => {}, warn: () => {}, debug: () => {}, error: () => {} },
    } as unknown as CreateContext<unknown>;
    const store: StoreAccess = { layout, environment, venv, python: join(venv, 'bin', 'python') };
    const installer: WheelInstallerAccess = {
      python: 'python3',
      pythonVersion: '3.11',
      environment: {},
      downloads: createDownloadTally(),
      artifactCache: join(work, 'artifact-cache'),
      builtWheels: join(work, 'built-wheels'),
      buildWheel: () => Promise.reject(new Error('no sdist here')),
    };
    const resolved = (wheel: typeof stored) => ({
      name: wheel.name,
      version: '1.0',
      url: `file://${join(work, wheel.fileName)}`,
      sha256: wheel.sha256,
      isWheel: true,
      isDirect: false,
      requested: true,
    });
    const installation = await installFromWheels(ctx, store, installer, [resolved(stored), resolved(fresh)]);
    expect(installation.linked.map((linked) => linked.name)).toEqual(['stored-one', 'new-one']);
    expect(installation.unpacked).toBe(1);
    const messages = events.map((event) => `${event.phase}: ${event.message}`);
    const unpacking = messages.indexOf('installing: new-one==1.0 (unpacking into the store)');
    const linkingStored = messages.indexOf('linking: stored-one==1.0 from the store');
    expect(unpacking).toBeGreaterThanOrEqual(0);
    expect(linkingStored).toBeGreaterThan(unpacking);
  });
});
