import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface TreeShape {
  /** Files that end up in the package. */
  packagedFiles: number;
  packagedBytes: number;
  /** Bytes in a `.git` folder (default-excluded) and in a folder the .gitignore names. */
  gitBytes: number;
  ignoredBytes: number;
}

async function writeFiles(root: string, folder: string, count: number, totalBytes: number): Promise<void> {
  // A few big files and many small ones, as in a real project.
  const big = Math.max(1, Math.floor(count / 100));
  const bigBytes = Math.floor((totalBytes * 0.6) / big);
  const smallBytes = Math.max(1, Math.floor((totalBytes * 0.4) / Math.max(1, count - big)));
  for (let index = 0; index < count; index += 1) {
    const file = path.join(root, folder, `group${index % 40}`, `file${index}.${index < big ? 'bin' : 'py'}`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, randomBytes(index < big ? bigBytes : smallBytes));
  }
}

/** Incompressible content, so no tool gains from compression tricks. */
export async function generateTree(root: string, shape: TreeShape): Promise<void> {
  await fs.rm(root, { recursive: true, force: true });
  await writeFiles(root, 'src', shape.packagedFiles, shape.packagedBytes);
  if (shape.gitBytes > 0) await writeFiles(root, '.git/objects', 200, shape.gitBytes);
  if (shape.ignoredBytes > 0) await writeFiles(root, 'checkpoints', 100, shape.ignoredBytes);
  await fs.writeFile(path.join(root, '.gitignore'), 'checkpoints/\n*.tmp\n');
}
