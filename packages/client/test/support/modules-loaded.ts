import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const recorder = fileURLToPath(new URL('./record-module-loads.mjs', import.meta.url));

export interface LoadOptions {
  /** Resolve workspace packages to their TypeScript sources (through tsx) instead of their built `dist/`. */
  fromSource: boolean;
}

/**
 * The files `node -e "<code>"`, run in `directory`, loads: ES modules by the path
 * they resolved to, CommonJS modules by their path. Node built-ins are left out.
 */
export function modulesLoadedBy(directory: string, code: string, options: LoadOptions): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'rtenv-module-loads-'));
  const record = join(scratch, 'loads.txt');
  try {
    const loaders = options.fromSource ? ['--conditions=source', '--import', 'tsx'] : [];
    execFileSync(process.execPath, [...loaders, '--import', recorder, '-e', code], {
      cwd: directory,
      env: { ...process.env, RTENV_RECORD_LOADS: record, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const loaded = readFileSync(record, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(line.indexOf(' ') + 1))
      .filter((location) => !location.startsWith('node:'))
      .map((location) => (location.startsWith('file:') ? fileURLToPath(location) : location));
    return [...new Set(loaded)];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The package each file belongs to, by the last `node_modules/<name>` or workspace `packages/<folder>` in its path. */
export function packagesOf(files: readonly string[]): string[] {
  const names = files.map((file) => {
    const installed = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (installed) return installed[1]!;
    const workspace = /\/packages\/([^/]+)\//.exec(file);
    return workspace ? `packages/${workspace[1]!}` : file;
  });
  return [...new Set(names)].sort();
}
