import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { linkOrCopy } from '../src/store/file-links.js';
import { formatRecord, parseRecord, recordHash } from '../src/store/record-file.js';
import { shebangFor, withoutShebang } from '../src/store/script-shebang.js';

describe('RECORD files', () => {
  it('reads and writes the CSV pip writes, quoted paths included', () => {
    const text = 'pkg/__init__.py,sha256=abc,12\n"pkg/a,b.py",sha256=def,3\npkg/__pycache__/x.pyc,,\npkg-1.dist-info/RECORD,,\n';
    const lines = parseRecord(text);
    expect(lines[1]).toEqual({ path: 'pkg/a,b.py', hash: 'sha256=def', size: '3' });
    expect(lines[2]).toEqual({ path: 'pkg/__pycache__/x.pyc', hash: '', size: '' });
    expect(formatRecord(lines)).toBe(text);
  });

  it('hashes as RECORD does: urlsafe base64 without padding', () => {
    expect(recordHash(Buffer.from('pip\n'))).toBe('sha256=zuuue4knoyJ-UwPPXg8fezS7VCrXJQrAP7zeNuwvFQg');
  });
});

describe('script interpreter lines', () => {
  it('writes a plain #! line for a short path and strips it again', () => {
    const python = '/data/envs/a/venv/bin/python';
    const script = Buffer.from(`${shebangFor(python)}import sys\n`);
    expect(script.toString()).toBe(`#!${python}\nimport sys\n`);
    expect(withoutShebang(script, python)?.toString()).toBe('import sys\n');
    expect(withoutShebang(script, '/data/envs/b/venv/bin/python')).toBeUndefined();
  });

  it('uses the /bin/sh trampoline, as pip does, past the kernel limit or with spaces', () => {
    const long = `/data/${'x'.repeat(130)}/venv/bin/python`;
    expect(shebangFor(long)).toBe(`#!/bin/sh\n'''exec' ${long} "$0" "$@"\n' '''\n`);
    expect(shebangFor('/my data/venv/bin/python')).toBe(`#!/bin/sh\n'''exec' "/my data/venv/bin/python" "$0" "$@"\n' '''\n`);
    expect(withoutShebang(Buffer.from(`${shebangFor(long)}body\n`), long)?.toString()).toBe('body\n');
  });
});

function temporaryDirectory(parent: string): string {
  const directory = mkdtempSync(join(parent, 'plugin-pip-link-'));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

describe('linking store files', () => {
  it('hard-links on one file system', () => {
    const directory = temporaryDirectory(tmpdir());
    writeFileSync(join(directory, 'source'), 'content');
    expect(linkOrCopy(join(directory, 'source'), join(directory, 'target'))).toBe('linked');
    expect(lstatSync(join(directory, 'target')).ino).toBe(lstatSync(join(directory, 'source')).ino);
  });

  it('copies across file systems, keeping the modification time (.pyc files check it)', () => {
    const memory = temporaryDirectory('/dev/shm');
    const disk = temporaryDirectory(tmpdir());
    expect(statSync(memory).dev, '/dev/shm must be another file system than the temp directory for this test').not.toBe(statSync(disk).dev);
    writeFileSync(join(memory, 'source.py'), 'print(1)\n');
    utimesSync(join(memory, 'source.py'), new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05Z'));
    expect(linkOrCopy(join(memory, 'source.py'), join(disk, 'target.py'))).toBe('copied');
    expect(readFileSync(join(disk, 'target.py'), 'utf8')).toBe('print(1)\n');
    expect(statSync(join(disk, 'target.py')).mtimeMs).toBe(statSync(join(memory, 'source.py')).mtimeMs);
  });
});
