import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PackageStore } from './package-store.js';
import { stagingFileName } from './staging-file-name.js';

/** A folder on this machine (or a shared mount), addressed as `file:///…`. */
export class LocalPackageStore implements PackageStore {
  readonly uri: string;
  readonly stagingDirectory: string;

  constructor(readonly directory: string) {
    this.uri = pathToFileURL(directory).href.replace(/\/$/, '');
    this.stagingDirectory = path.join(directory, '.incoming');
  }

  static fromUri(uri: string): LocalPackageStore {
    return new LocalPackageStore(fileURLToPath(uri));
  }

  uriOf(name: string): string {
    return `${this.uri}/${name}`;
  }

  localPathOf(name: string): string {
    return path.join(this.directory, name);
  }

  async exists(name: string): Promise<boolean> {
    // One sync stat: a trip through the thread pool costs more, and this is on the path of every unchanged tree.
    try {
      return statSync(this.localPathOf(name), { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return false;
    }
  }

  async put(name: string, localFile: string): Promise<void> {
    const target = this.localPathOf(name);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.mkdir(this.stagingDirectory, { recursive: true });
    // Unique even for two puts of the same package in the same millisecond (concurrent `hash` calls).
    const staged = path.join(this.stagingDirectory, stagingFileName('', `-${path.basename(name)}`));
    try {
      await fs.rename(localFile, staged);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await fs.copyFile(localFile, staged);
      await fs.rm(localFile, { force: true });
    }
    // The rename is atomic, so a reader sees the whole package or none.
    await fs.rename(staged, target);
  }
}
