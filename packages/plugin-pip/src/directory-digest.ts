import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What pip itself writes into a source tree while building it (or Python while
 * importing from it). Counting them would give the same project a new environment
 * after every install.
 */
const BUILD_OUTPUTS = new Set(['.git', '__pycache__', 'build', 'dist', '.eggs', '.tox', '.venv', 'venv']);
const isBuildOutput = (name: string): boolean => BUILD_OUTPUTS.has(name) || name.endsWith('.egg-info') || name.endsWith('.pyc');

/**
 * SHA-256 over a local project folder named as a requirement (`./lib`): relative
 * paths, the executable bit, file contents and link targets, in byte order. A
 * changed source file gives a new environment, as a changed requirements file does.
 */
export function sha256OfDirectory(root: string): string {
  const digest = createHash('sha256');
  const walk = (relative: string): void => {
    const entries = readdirSync(join(root, relative), { withFileTypes: true })
      .filter((entry) => !isBuildOutput(entry.name))
      .sort((left, right) => Buffer.compare(Buffer.from(left.name), Buffer.from(right.name)));
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const absolute = join(root, path);
      if (entry.isSymbolicLink()) digest.update(`link\0${path}\0${readlinkSync(absolute)}\0`);
      else if (entry.isDirectory()) {
        digest.update(`folder\0${path}\0`);
        walk(path);
      } else if (entry.isFile()) {
        const executable = (statSync(absolute).mode & 0o111) !== 0 ? 'x' : '-';
        const content = createHash('sha256').update(readFileSync(absolute)).digest('hex');
        digest.update(`file\0${path}\0${executable}\0${content}\0`);
      }
    }
  };
  walk('');
  return digest.digest('hex');
}
