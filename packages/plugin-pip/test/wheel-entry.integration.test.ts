import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsafeArchiveError } from '@runtime-env/safe-extract';
import { buildWheel } from '@runtime-env/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBaseInterpreter } from '../src/base-interpreter.js';
import { startBytecodeCompiler } from '../src/installer/compile-bytecode.js';
import { entryFromWheel } from '../src/installer/entry-from-wheel.js';
import { storeLayout } from '../src/store/store-layout.js';
import { readManifest } from '../src/store/store-manifest.js';

const scratch: string[] = [];
afterAll(async () => {
  for (const directory of scratch) await rm(directory, { recursive: true, force: true });
});

async function setUp() {
  const work = await mkdtemp(join(tmpdir(), 'rtenv-wheel-entry-'));
  scratch.push(work);
  const interpreter = await resolveBaseInterpreter('python3', new AbortController().signal);
  const [major, minor] = interpreter.version.split('.');
  const request = (wheelPath: string, name: string, wheelSha256: string) => ({
    layout: storeLayout(join(work, 'plugin')),
    identity: { name, version: '1.0', wheelSha256, interpreterTag: interpreter.tag, sitePackages: `lib/python${major}.${minor}/site-packages`, compiled: true },
    wheelPath,
    python: interpreter.executable,
    pythonVersion: `${major}.${minor}`,
    environment: process.env as Record<string, string>,
    signal: new AbortController().signal,
  });
  return { work, request, site: `lib/python${major}.${minor}/site-packages`, include: `include/site/python${major}.${minor}` };
}

describe('unpacking a wheel into a store entry', () => {
  it('places .data schemes, compiles bytecode, keeps scripts per environment, and records every file', async () => {
    const { work, request, site, include } = await setUp();
    const wheel = await buildWheel({
      name: 'demo',
      version: '1.0',
      files: {
        'demo/__init__.py': 'def main():\n    print("demo")\n',
        'demo-1.0.data/scripts/demo-tool': '#!python\nprint("tool")\n',
        'demo-1.0.data/scripts/demo-sh': '#!/bin/sh\necho sh\n',
        'demo-1.0.data/headers/demo.h': '/* header */\n',
        'demo-1.0.data/data/share/demo/config.json': '{}\n',
        'demo-1.0.data/purelib/demo_pure.py': 'X = 1\n',
      },
      consoleScripts: { demo: 'demo:main' },
    });
    const path = join(work, wheel.fileName);
    await writeFile(path, wheel.data);
    const { entry, created } = await entryFromWheel(request(path, 'demo', wheel.sha256));
    expect(created).toBe(true);
    const manifest = await readManifest(entry);
    expect(manifest.installer).toBe('rtenv');
    expect(manifest.files).toEqual(
      expect.arrayContaining([
        `${site}/demo/__init__.py`,
        `${site}/demo_pure.py`,
        `${include}/demo/demo.h`,
        'share/demo/config.json',
        `${site}/demo-1.0.dist-info/METADATA`,
      ]),
    );
    expect(manifest.files.some((file) => file.startsWith(`${site}/demo/__pycache__/__init__.cpython-`))).toBe(true);
    expect(manifest.files.some((file) => file.includes('.data/'))).toBe(false);
    expect(manifest.scripts).toEqual(
      expect.arrayContaining([
        { path: 'bin/demo-tool', mode: 0o755, namesInterpreter: true },
        { path: 'bin/demo-sh', mode: 0o755, namesInterpreter: false },
        { path: 'bin/demo', mode: 0o755, namesInterpreter: true },
      ]),
    );
    expect(readFileSync(join(entry, 'scripts', 'bin', 'demo-tool'), 'utf8')).toBe('print("tool")\n');
    const recorded = manifest.record.map((line) => line.path);
    expect(recorded).toEqual(
      expect.arrayContaining(['../../../bin/demo', '../../../share/demo/config.json', 'demo-1.0.dist-info/RECORD', 'demo-1.0.dist-info/INSTALLER']),
    );
    // Shared files are read-only; a second unpack of the same wheel reuses the entry.
    expect(execFileSync('stat', ['-c', '%a', join(entry, 'files', site, 'demo', '__init__.py')], { encoding: 'utf8' }).trim()).toBe('444');
    expect((await entryFromWheel(request(path, 'demo', wheel.sha256))).created).toBe(false);
  });

  it('refuses a wheel whose member would land outside, leaving nothing behind', async () => {
    const { work, request } = await setUp();
    const path = join(work, 'evil-1.0-py3-none-any.whl');
    execFileSync('python3', [
      '-c',
      `import zipfile\nwith zipfile.ZipFile(${JSON.stringify(path)}, "w") as z:\n    z.writestr("evil-1.0.dist-info/METADATA", "Name: evil\\nVersion: 1.0\\n")\n    z.writestr("../../escaped.py", "x = 1\\n")`,
    ]);
    const attempt = request(path, 'evil', 'f'.repeat(64));
    await expect(entryFromWheel(attempt)).rejects.toBeInstanceOf(UnsafeArchiveError);
    expect(existsSync(join(work, 'escaped.py'))).toBe(false);
    expect(existsSync(join(work, 'plugin', 'distribution-store', 'entries'))).toBe(false);
    expect(readdirSync(join(work, 'plugin', 'distribution-store', 'incoming'))).toEqual([]);
  });
});

describe('compiling bytecode', () => {
  it('starts the interpreter before the files exist, then compiles what it is given, skipping what does not compile', async () => {
    const work = await mkdtemp(join(tmpdir(), 'rtenv-compile-'));
    scratch.push(work);
    const interpreter = await resolveBaseInterpreter('python3', new AbortController().signal);
    const compiler = startBytecodeCompiler(interpreter.executable, process.env as Record<string, string>, new AbortController().signal);
    // Written only now: the interpreter has been waiting for their paths.
    await writeFile(join(work, 'good.py'), 'X = 1\n');
    await writeFile(join(work, 'broken.py'), 'def (:\n');
    const compiled = await compiler.compile([join(work, 'good.py'), join(work, 'broken.py')]);
    expect(compiled).toHaveLength(1);
    expect(compiled[0]).toMatch(new RegExp(`^${work}/__pycache__/good\\.cpython-\\d+\\.pyc$`));
    expect(existsSync(compiled[0] as string)).toBe(true);
    expect(readdirSync(join(work, '__pycache__'))).toHaveLength(1);
  });

  it('stops a compiler that is given nothing, quietly, and compiles nothing for an empty list', async () => {
    const interpreter = await resolveBaseInterpreter('python3', new AbortController().signal);
    const cancelled = startBytecodeCompiler(interpreter.executable, process.env as Record<string, string>, new AbortController().signal);
    cancelled.cancel();
    const idle = startBytecodeCompiler(interpreter.executable, process.env as Record<string, string>, new AbortController().signal);
    await expect(idle.compile([])).resolves.toEqual([]);
  });
});
