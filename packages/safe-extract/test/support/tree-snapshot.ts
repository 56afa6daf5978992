import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * Everything that can change about a tree, one line per entry: type, mode,
 * inode, link target, and for files size, modification time and content digest. Two equal
 * snapshots mean nothing in the tree was created, changed or removed.
 */
export function snapshotTree(root: string, skip: (absolutePath: string) => boolean = () => false): string[] {
  const lines: string[] = [];
  const visit = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const absolute = path.join(directory, name);
      if (skip(absolute)) continue;
      const stats = lstatSync(absolute);
      const relative = path.relative(root, absolute);
      const common = `${relative} mode=${stats.mode.toString(8)} ino=${stats.ino}`;
      if (stats.isSymbolicLink()) lines.push(`${common} link=${readlinkSync(absolute)}`);
      else if (stats.isDirectory()) {
        // A folder's own mtime moves whenever a name is added or removed in it, which the listing shows already.
        lines.push(`${common} dir`);
        visit(absolute);
      } else lines.push(`${common} mtime=${stats.mtimeMs} size=${stats.size} sha256=${createHash('sha256').update(readFileSync(absolute)).digest('hex')}`);
    }
  };
  visit(root);
  return lines;
}
