import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildWheel, type BuiltWheel } from '@runtime-env/testkit';

function filesUnder(root: string, directory: string, into: Record<string, Buffer>): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__pycache__') filesUnder(root, path, into);
    } else if (entry.isFile()) into[relative(root, path)] = readFileSync(path);
  }
}

/**
 * A wheel of the base interpreter's own pip, rebuilt from its installed files, so
 * the `pip_version` test can serve pip from the loopback index without any
 * public index.
 */
export function wheelOfBasePip(python = 'python3'): Promise<BuiltWheel> {
  const [version, packageDirectory] = execFileSync(python, ['-c', 'import os, pip; print(pip.__version__); print(os.path.dirname(pip.__file__))'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n') as [string, string];
  const files: Record<string, Buffer> = {};
  filesUnder(join(packageDirectory, '..'), packageDirectory, files);
  return buildWheel({ name: 'pip', version, files, consoleScripts: { pip: 'pip._internal.cli.main:main' }, requiresPython: '>=3.7' });
}
