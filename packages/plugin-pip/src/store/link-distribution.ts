import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { linkOrCopy } from './file-links.js';
import { linkTree } from './link-tree.js';
import { formatRecord, recordHash, type RecordLine } from './record-file.js';
import { shebangFor } from './script-shebang.js';
import { markerFile, type StoreManifest } from './store-manifest.js';

export interface LinkRequest {
  entry: string;
  manifest: StoreManifest;
  venv: string;
  /** The environment's interpreter, written into its scripts. */
  python: string;
  /** pip's `requested` for this environment: it writes `REQUESTED` for what the requirements named. */
  requested: boolean;
  signal: AbortSignal;
}

/**
 * Puts a stored distribution into an environment as pip would have installed it:
 * its files hard-linked (copied across file systems), its scripts written with
 * this environment's interpreter, and its own INSTALLER, REQUESTED and RECORD.
 * METADATA is linked first so a concurrent prune sees the entry in use. On any
 * failure what was placed is removed again, and the caller lets pip install it.
 */
export async function linkDistribution(request: LinkRequest): Promise<{ copiedFiles: number }> {
  const { entry, manifest, venv, signal } = request;
  const distInfo = posix.join(manifest.sitePackages, manifest.distInfo);
  const placed: string[] = [];
  let copiedFiles = 0;
  // The manifest's paths are normalized and relative: appended to the normalized roots they name the same files as
  // `join` would, without its normalizing, which cost several milliseconds over thousands of files (two calls each).
  const source = `${join(entry, 'files')}/`;
  const target = `${join(venv, '.')}/`;
  const place = (path: string): void => {
    placed.push(path);
    if (linkOrCopy(source + path, target + path) === 'copied') copiedFiles += 1;
  };
  try {
    const marker = markerFile(manifest);
    await linkTree({
      targetRoot: venv,
      directories: [distInfo, ...manifest.scripts.map((script) => dirname(script.path))],
      files: manifest.files,
      first: marker,
      place,
      signal,
    });
    const written = new Map<string, Buffer>();
    for (const script of manifest.scripts) {
      const body = await readFile(join(entry, 'scripts', script.path));
      const content = script.namesInterpreter ? Buffer.concat([Buffer.from(shebangFor(request.python)), body]) : body;
      placed.push(script.path);
      await writeFile(join(venv, script.path), content);
      await chmod(join(venv, script.path), script.mode);
      written.set(script.path, content);
    }
    // pip's entries say `pip` (the files are exactly the ones pip installed, only placed by link); unpacked wheels say who installed them.
    const installerContent = Buffer.from(`${manifest.installer ?? 'pip'}\n`);
    const installer = posix.join(distInfo, 'INSTALLER');
    placed.push(installer);
    await writeFile(join(venv, installer), installerContent);
    written.set(installer, installerContent);
    const requested = posix.join(distInfo, 'REQUESTED');
    if (request.requested) {
      placed.push(requested);
      await writeFile(join(venv, requested), '');
    }
    const record = posix.join(distInfo, 'RECORD');
    placed.push(record);
    await writeFile(join(venv, record), formatRecord(recordFor(manifest, written, request.requested)));
    return { copiedFiles };
  } catch (error) {
    await Promise.all(placed.map((path) => rm(join(venv, path), { force: true })));
    throw error;
  }
}

/** pip's RECORD with this environment's scripts and INSTALLER hashed, and REQUESTED as this environment has it. */
function recordFor(manifest: StoreManifest, written: ReadonlyMap<string, Buffer>, requested: boolean): RecordLine[] {
  const requestedPath = `${manifest.distInfo}/REQUESTED`;
  // By their RECORD path (relative to site-packages); a line spelled otherwise (`./`, `..`) is normalized to be found.
  const writtenByRecordPath = new Map([...written].map(([path, content]) => [posix.relative(manifest.sitePackages, path), content]));
  const lines: RecordLine[] = [];
  for (const line of manifest.record) {
    if (line.path === requestedPath) continue;
    const content =
      writtenByRecordPath.get(line.path) ??
      (notNormalized.test(line.path) ? written.get(posix.normalize(posix.join(manifest.sitePackages, line.path))) : undefined);
    lines.push(content ? { path: line.path, hash: recordHash(content), size: String(content.length) } : line);
  }
  if (requested) lines.push({ path: requestedPath, hash: recordHash(Buffer.alloc(0)), size: '0' });
  return lines;
}

/** A path with a `.` or `..` segment, or an empty one. */
const notNormalized = /(^|\/)\.\.?(\/|$)|\/\//;
