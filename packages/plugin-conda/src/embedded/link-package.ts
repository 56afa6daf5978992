import { constants } from 'node:fs';
import { chmod, copyFile, link, mkdir, readFile, readlink, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SetupFailure } from '@runtime-env/core/plugin';
import { entryPointScript, noarchPythonTarget, parseEntryPoint } from './noarch-python.js';
import type { PackageInfo, PackagePath } from './package-info.js';
import { replacePrefixInBinary, replacePrefixInText } from './prefix-replacement.js';

/** One file as it ended up in the prefix, for `conda-meta/`. */
export interface LinkedPath {
  path: string;
  pathType: 'hardlink' | 'softlink' | 'copy' | 'directory';
}

export interface LinkCounters {
  hardlinked: number;
  copied: number;
}

/**
 * Puts one extracted package into the prefix. Files are hardlinked from the
 * package cache (no bytes copied) unless they carry a prefix placeholder, in
 * which case they are rewritten, or the file system refuses links (another
 * device), in which case they are copied.
 */
export async function linkPackage(
  request: {
    packageDirectory: string;
    info: PackageInfo;
    prefix: string;
    pythonShortVersion: string | undefined;
    packageName: string;
    signal: AbortSignal;
  },
  counters: LinkCounters,
): Promise<LinkedPath[]> {
  const { info, prefix } = request;
  const isNoarchPython = info.noarch === 'python';
  if (isNoarchPython && !request.pythonShortVersion) {
    throw SetupFailure.permanent(`${request.packageName} is a noarch: python package but the environment has no python`, {
      code: 'conda_missing_python',
      hint: 'add "python" to conda.dependencies',
    });
  }
  const linked: LinkedPath[] = [];
  const targets = info.paths.map((entry) => (isNoarchPython ? noarchPythonTarget(entry.path, request.pythonShortVersion ?? '') : entry.path));
  // One mkdir per folder rather than per file: most of a package's files share a few folders.
  for (const folder of new Set(targets.map((target) => dirname(join(prefix, target))))) await mkdir(folder, { recursive: true });
  // Files are linked in parallel batches (the thread pool overlaps the system calls); batches keep memory flat.
  for (let batchStart = 0; batchStart < info.paths.length; batchStart += linkBatchSize) {
    request.signal.throwIfAborted();
    const batch = info.paths.slice(batchStart, batchStart + linkBatchSize);
    linked.push(
      ...(await Promise.all(
        batch.map((entry, offset) => placeFile(entry, targets[batchStart + offset] as string, request, counters)),
      )),
    );
  }
  if (isNoarchPython) linked.push(...(await writeEntryPoints(info.entryPoints, prefix)));
  return linked;
}

const linkBatchSize = 32;

async function placeFile(entry: PackagePath, target: string, request: { packageDirectory: string; prefix: string; packageName: string }, counters: LinkCounters): Promise<LinkedPath> {
  const source = join(request.packageDirectory, entry.path);
  const destination = join(request.prefix, target);
  if (entry.pathType === 'directory') {
    await mkdir(destination, { recursive: true });
    return { path: target, pathType: 'directory' };
  }
  if (entry.pathType === 'softlink') {
    const linkTarget = await readlink(source);
    await replacing(destination, () => symlink(linkTarget, destination));
    return { path: target, pathType: 'softlink' };
  }
  if (entry.prefixPlaceholder) {
    const content = await readFile(source);
    const rewritten =
      entry.fileMode === 'binary'
        ? replacePrefixInBinary(content, entry.prefixPlaceholder, request.prefix, `${request.packageName}:${entry.path}`)
        : replacePrefixInText(content, entry.prefixPlaceholder, request.prefix);
    const mode = (await stat(source)).mode & 0o7777;
    await replacing(destination, () => writeFile(destination, rewritten, { mode, flag: 'wx' }));
    counters.copied += 1;
    return { path: target, pathType: 'copy' };
  }
  return { path: target, pathType: await replacing(destination, () => hardlinkOrCopy(source, destination, entry.noLink === true, counters)) };
}

/**
 * Runs `place`, and when the path is taken (two packages shipping one file, as
 * conda allows: the later package wins) removes it and runs `place` again. The
 * common case, an empty prefix, costs no extra system call.
 */
async function replacing<Result>(destination: string, place: () => Promise<Result>): Promise<Result> {
  try {
    return await place();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await unlink(destination);
    return place();
  }
}

async function hardlinkOrCopy(source: string, destination: string, copyOnly: boolean, counters: LinkCounters): Promise<'hardlink' | 'copy'> {
  if (!copyOnly) {
    try {
      await link(source, destination);
      counters.hardlinked += 1;
      return 'hardlink';
    } catch (error) {
      // Another file system, or one without hardlinks: a copy is always correct.
      if (!['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  await copyFile(source, destination, constants.COPYFILE_EXCL);
  counters.copied += 1;
  return 'copy';
}

async function writeEntryPoints(entryPoints: readonly string[], prefix: string): Promise<LinkedPath[]> {
  const written: LinkedPath[] = [];
  for (const text of entryPoints) {
    const entryPoint = parseEntryPoint(text);
    if (!entryPoint) continue;
    const path = join('bin', entryPoint.name);
    await mkdir(join(prefix, 'bin'), { recursive: true });
    await unlink(join(prefix, path)).catch(() => undefined);
    await writeFile(join(prefix, path), entryPointScript(prefix, entryPoint));
    await chmod(join(prefix, path), 0o755);
    written.push({ path, pathType: 'copy' });
  }
  return written;
}
