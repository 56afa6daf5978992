// Which files a fresh Node process loads for one line of code: a package's tests
// use it to check that an import stays light (the client loads no engine, a plugin
// loads its installer only on first use). The recording is done by
// record-module-loads.mjs, preloaded with `node --import`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The preload (`node --import`) that records every file a process loads into $RTENV_RECORD_LOADS. */
export const moduleLoadRecorder = fileURLToPath(new URL('./record-module-loads.mjs', import.meta.url));

/**
 * The files `node -e "<code>"`, run in `directory`, loads: ES modules by the path
 * they resolved to, CommonJS modules by their path. Node built-ins are left out.
 * With `fromSource`, workspace packages resolve to their TypeScript sources (through tsx)
 * instead of their built `dist/`.
 *
 * @param {string} directory
 * @param {string} code
 * @param {{ fromSource: boolean }} options
 * @returns {string[]}
 */
export function modulesLoadedBy(directory, code, options) {
  const scratch = mkdtempSync(join(tmpdir(), 'rtenv-module-loads-'));
  const record = join(scratch, 'loads.txt');
  try {
    const loaders = options.fromSource ? ['--conditions=source', '--import', 'tsx'] : [];
    execFileSync(process.execPath, [...loaders, '--import', moduleLoadRecorder, '-e', code], {
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

/**
 * The package each file belongs to, by the last `node_modules/<name>` or workspace `packages/<folder>` in its path.
 *
 * @param {readonly string[]} files
 * @returns {string[]}
 */
export function packagesOf(files) {
  const names = files.map((file) => {
    const installed = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (installed) return /** @type {string} */ (installed[1]);
    const workspace = /\/packages\/([^/]+)\//.exec(file);
    return workspace ? `packages/${workspace[1]}` : file;
  });
  return [...new Set(names)].sort();
}
