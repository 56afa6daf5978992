import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from '../http/http-error.js';

export interface DashboardAsset {
  body: Buffer;
  contentType: string;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

/**
 * The dashboard's built files, read once into memory (a few hundred KiB) on first
 * use. Only files that exist in the folder are ever served: a request names a key
 * of this map, never a path on disk, so no `..` can reach outside it.
 */
export class DashboardAssets {
  private loaded: Promise<ReadonlyMap<string, DashboardAsset>> | undefined;

  constructor(private readonly directory: string) {}

  async get(name: string): Promise<DashboardAsset | undefined> {
    this.loaded ??= this.load();
    return (await this.loaded).get(name);
  }

  private async load(): Promise<ReadonlyMap<string, DashboardAsset>> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch {
      this.loaded = undefined;
      throw new HttpError(503, 'dashboard_not_built', `the dashboard's files are missing from ${this.directory}`, {
        hint: 'build them with `pnpm --filter @runtime-env/dashboard build` (a release ships them built)',
      });
    }
    const assets = new Map<string, DashboardAsset>();
    for (const name of names) {
      const contentType = contentTypes[path.extname(name)];
      if (contentType !== undefined) assets.set(name, { body: await readFile(path.join(this.directory, name)), contentType });
    }
    return assets;
  }
}
