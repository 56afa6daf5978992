import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCondaArchive, buildWheel, readZip, writeTar } from '../src/index.js';

// Python's zipfile and tarfile, and the zstd tool, are the independent readers here.
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'testkit-archives-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

async function written(name: string, bytes: Buffer): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, bytes);
  return path;
}

function python(script: string, ...args: string[]): unknown {
  return JSON.parse(execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' }));
}

const listZip = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    assert archive.testzip() is None
    print(json.dumps([[info.filename, info.compress_type, archive.read(info).decode('utf8', 'replace')] for info in archive.infolist()]))`;

const listTar = `
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as archive:
    print(json.dumps([[member.name, member.type.decode(), oct(member.mode), member.linkname, member.size] for member in archive]))`;

describe('buildWheel', () => {
  it('writes a deflated zip Python reads, the same bytes every time', async () => {
    const wheel = await buildWheel({ name: 'My-Lib', version: '1.2.3', consoleScripts: { 'say-hi': 'my_lib:main' } });
    expect(wheel.fileName).toBe('my_lib-1.2.3-py3-none-any.whl');
    expect((await buildWheel({ name: 'My-Lib', version: '1.2.3', consoleScripts: { 'say-hi': 'my_lib:main' } })).sha256).toBe(wheel.sha256);
    const members = python(listZip, await written(wheel.fileName, wheel.data)) as [string, number, string][];
    expect(members.map(([name]) => name)).toEqual([
      'my_lib/__init__.py',
      'my_lib-1.2.3.dist-info/METADATA',
      'my_lib-1.2.3.dist-info/WHEEL',
      'my_lib-1.2.3.dist-info/entry_points.txt',
      'my_lib-1.2.3.dist-info/RECORD',
    ]);
    expect(members.every(([, method]) => method === 8)).toBe(true);
    expect(members[0]![2]).toContain('__version__ = "1.2.3"');
    // The testkit's own reader agrees.
    expect(readZip(wheel.data).map((member) => member.name)).toEqual(members.map(([name]) => name));
  });
});

describe('writeTar', () => {
  it('writes every entry as given: modes, long names, and link targets that leave the archive', async () => {
    const longPath = `${'deep/'.repeat(30)}file.txt`;
    const tar = writeTar([
      { kind: 'directory', path: 'bin' },
      { kind: 'file', path: 'bin/tool', content: Buffer.from('#!/bin/sh\n'), executable: true },
      { kind: 'file', path: longPath, content: Buffer.from('deep') },
      { kind: 'symlink', path: 'lib/escape', target: '../../../../outside' },
      { kind: 'symlink', path: 'lib/absolute', target: '/etc/passwd' },
    ]);
    expect(python(listTar, await written('entries.tar', tar))).toEqual([
      ['bin', '5', '0o755', '', 0],
      ['bin/tool', '0', '0o755', '', 10],
      [longPath, '0', '0o644', '', 4],
      ['lib/escape', '2', '0o777', '../../../../outside', 0],
      ['lib/absolute', '2', '0o777', '/etc/passwd', 0],
    ]);
    expect(writeTar([{ kind: 'file', path: 'a', content: Buffer.from('a') }])).toEqual(writeTar([{ kind: 'file', path: 'a', content: Buffer.from('a') }]));
  });
});

describe('buildCondaArchive', () => {
  const definition = {
    name: 'tiny',
    version: '1.0',
    files: [
      { path: 'share/tiny.txt', content: 'tiny' },
      { path: 'share/link', symlinkTarget: 'tiny.txt' },
    ],
  };

  it('writes a .conda as a stored zip of metadata.json and two .tar.zst members', async () => {
    const archive = await written('tiny-1.0-h0_0.conda', await buildCondaArchive(definition, 'conda'));
    const members = python(listZip.replace(", archive.read(info).decode('utf8', 'replace')", ''), archive) as [string, number][];
    expect(members).toEqual([
      ['metadata.json', 0],
      ['info-tiny-1.0-h0_0.tar.zst', 0],
      ['pkg-tiny-1.0-h0_0.tar.zst', 0],
    ]);
    const payload = await written('pkg.tar', execFileSync('unzip', ['-p', archive, 'pkg-tiny-1.0-h0_0.tar.zst'], { maxBuffer: 1 << 26 }));
    const tar = await written('pkg-decompressed.tar', execFileSync('zstd', ['-dc', payload], { maxBuffer: 1 << 26 }));
    expect(python(listTar, tar)).toEqual([
      ['share/tiny.txt', '0', '0o644', '', 4],
      ['share/link', '2', '0o777', 'tiny.txt', 0],
    ]);
  });

  it('writes a .tar.bz2 holding info/ and the payload', async () => {
    const archive = await written('tiny-1.0-h0_0.tar.bz2', await buildCondaArchive(definition, 'tar.bz2'));
    const names = (python(listTar, archive) as [string][]).map(([name]) => name);
    expect(names).toEqual(['info/index.json', 'info/paths.json', 'info/files', 'share/tiny.txt', 'share/link']);
  });
});
