import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Which URIs of this plugin were made from one store package: one empty file per
 * URI in `<pluginDirectory>/package-users/<package>/`. The last URI to go removes
 * the package, so the store is collected with the URIs, under the same references
 * and budgets. Removing the folder with `rmdir` is what decides who is last: it
 * fails while any user is left, atomically.
 */
export class PackageUsers {
  private readonly folder: string;

  constructor(
    pluginDirectory: string,
    private readonly packageFile: string,
  ) {
    this.folder = path.join(pluginDirectory, 'package-users', digestOf(packageFile));
  }

  /** Records a user before it reads the package, so a release meanwhile keeps the package. */
  async add(uri: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      await fs.mkdir(this.folder, { recursive: true });
      try {
        await fs.writeFile(path.join(this.folder, digestOf(uri)), '');
        return;
      } catch (error) {
        // The last user's release removed the folder between the two calls: make it again.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw error;
      }
    }
  }

  /** Drops a user; when it was the last one, removes the package. Returns the bytes freed. */
  async release(uri: string): Promise<number> {
    await fs.rm(path.join(this.folder, digestOf(uri)), { force: true });
    try {
      await fs.rmdir(this.folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return 0;
      // No folder: a URI made before users were recorded; it was the only one known.
      if (code !== 'ENOENT') throw error;
    }
    const size = (await fs.stat(this.packageFile).catch(() => undefined))?.size ?? 0;
    await fs.rm(this.packageFile, { force: true });
    return size;
  }
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
