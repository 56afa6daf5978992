import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** How long a URI `hash` computed may take to be created before its claim on the package lapses. */
export const EXPECTED_USE_GRACE_MS = 60 * 60 * 1000;
const expectedPrefix = 'expected-';

/**
 * Which URIs of this plugin were made from one store package: one empty file per
 * URI in `<pluginDirectory>/package-users/<package>/` (a plugin's hooks write in
 * its own folders only). The last URI to go removes the package, so the store is
 * collected with the URIs, under the same references and budgets. Removing the
 * folder with `rmdir` is what decides who is last among this plugin's URIs: it
 * fails while any user is left, atomically. The sibling plugin of the pack
 * (working_dir and py_modules may share a package) is asked too, by reading its
 * folder: the package stays while either has a user.
 *
 * `hash` marks a key it computed as an expected user before any creation (it
 * knows keys, not the URIs the core makes of them; several versions of the
 * plugin make several URIs of one key, so each `hash` adds a mark and each
 * creation takes one away): a
 * garbage collection in another process between `hash` and `create` then keeps
 * the package instead of pulling it from under the creation. An expectation that
 * no creation follows (`rtenv hash` alone) lapses after `EXPECTED_USE_GRACE_MS`.
 */
export class PackageUsers {
  private readonly folder: string;

  constructor(
    pluginDirectory: string,
    private readonly packageFile: string,
    private readonly siblingPluginDirectories: readonly string[] = [],
  ) {
    this.folder = PackageUsers.folderIn(pluginDirectory, packageFile);
  }

  private static folderIn(pluginDirectory: string, packageFile: string): string {
    return path.join(pluginDirectory, 'package-users', digestOf(packageFile));
  }

  /** From `hash`: a URI of this key is about to be created from the package (refreshes the mark's time). */
  async expect(key: string): Promise<void> {
    await this.write(`${expectedPrefix}${digestOf(key)}-${randomUUID()}`);
  }

  /** Records a user before it reads the package, so a release meanwhile keeps the package; `key` is what `hash` expected. */
  async add(uri: string, key: string): Promise<void> {
    await this.write(digestOf(uri));
    const marks = (await fs.readdir(this.folder).catch(() => [] as string[])).filter((name) => name.startsWith(`${expectedPrefix}${digestOf(key)}-`));
    if (marks[0] !== undefined) await fs.rm(path.join(this.folder, marks[0]), { force: true });
  }

  /** Drops a user; when it was the last one, removes the package. Returns the bytes freed. */
  async release(uri: string, now = Date.now()): Promise<number> {
    await fs.rm(path.join(this.folder, digestOf(uri)), { force: true });
    await this.dropLapsedExpectations(now);
    try {
      await fs.rmdir(this.folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return 0;
      // No folder: a URI made before users were recorded; it was the only one known.
      if (code !== 'ENOENT') throw error;
    }
    if (await this.siblingHasUsers(now)) return 0;
    const size = (await fs.stat(this.packageFile).catch(() => undefined))?.size ?? 0;
    await fs.rm(this.packageFile, { force: true });
    return size;
  }

  private async siblingHasUsers(now: number): Promise<boolean> {
    for (const sibling of this.siblingPluginDirectories) {
      const folder = PackageUsers.folderIn(sibling, this.packageFile);
      for (const name of await fs.readdir(folder).catch(() => [] as string[])) {
        if (!name.startsWith(expectedPrefix)) return true;
        const marked = await fs.stat(path.join(folder, name)).catch(() => undefined);
        if (marked && now - marked.mtimeMs <= EXPECTED_USE_GRACE_MS) return true;
      }
    }
    return false;
  }

  private async write(name: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      await fs.mkdir(this.folder, { recursive: true });
      try {
        await fs.writeFile(path.join(this.folder, name), '');
        return;
      } catch (error) {
        // The last user's release removed the folder between the two calls: make it again.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw error;
      }
    }
  }

  private async dropLapsedExpectations(now: number): Promise<void> {
    const names = await fs.readdir(this.folder).catch(() => [] as string[]);
    for (const name of names.filter((candidate) => candidate.startsWith(expectedPrefix))) {
      const marked = await fs.stat(path.join(this.folder, name)).catch(() => undefined);
      if (marked && now - marked.mtimeMs > EXPECTED_USE_GRACE_MS) await fs.rm(path.join(this.folder, name), { force: true });
    }
  }
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
