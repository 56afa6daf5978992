import { constants } from 'node:fs';
import { chmod, copyFile, link, readFile, readlink, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupFailure } from '@runtime-env/plugin-api';
import { ContainedRoot, OutsideRootError } from '@runtime-env/safe-extract';
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
    /** The prefix, shared by every package of one environment so its resolved folders are looked up once. */
    prefixRoot: ContainedRoot;
    pythonShortVersion: string | undefined;
    packageName: string;
    signal: AbortSignal;
  },
  counters: LinkCounters,
): Promise<LinkedPath[]> {
  const { info } = request;
  const isNoarchPython = info.noarch === 'python';
  if (isNoarchPython && !request.pythonShortVersion) {
    throw SetupFailure.permanent(`${request.packageName} is a noarch: python package but the environment has no python`, {
      code: 'conda_missing_python',
      hint: 'add "python" to conda.dependencies',
    });
  }
  const linked: LinkedPath[] = [];
  const targets = info.paths.map((entry) => (isNoarchPython ? noarchPythonTarget(entry.path, request.pythonShortVersion ?? '') : entry.path));
  const roots = { packageRoot: new ContainedRoot(request.packageDirectory), prefixRoot: request.prefixRoot, packageName: request.packageName };
  try {
    // Files are linked in parallel batches (the thread pool overlaps the system calls); batches keep memory flat.
    for (let batchStart = 0; batchStart < info.paths.length; batchStart += linkBatchSize) {
      request.signal.throwIfAborted();
      const batch = info.paths.slice(batchStart, batchStart + linkBatchSize);
      for (const placed of await Promise.all(batch.map((entry, offset) => placeFile(entry, targets[batchStart + offset] as string, roots, counters))))
        linked.push(placed);
    }
    if (isNoarchPython) linked.push(...(await writeEntryPoints(info.entryPoints, request.prefixRoot)));
  } catch (error) {
    if (error instanceof PathConflict) {
      throw SetupFailure.permanent(
        `conda package ${request.packageName} installs a file or link at ${error.destination}, where the environment has a folder of another package`,
        {
          code: 'conda_path_conflict',
          hint: 'two packages of this environment disagree on a path; pin builds that agree, or install them in separate environments',
        },
      );
    }
    if (!(error instanceof OutsideRootError)) throw error;
    throw SetupFailure.permanent(`conda package ${request.packageName} names a file outside its place: ${error.message}`, {
      code: 'conda_unsafe_package',
      hint: 'the channel serves a package whose file list leads out of the package or the environment; remove it from the channel or pin another build',
    });
  }
  return linked;
}

/** Where a package's paths are resolved: each path stays inside the package it is read from and the prefix it is written to. */
interface LinkRoots {
  packageRoot: ContainedRoot;
  prefixRoot: ContainedRoot;
  packageName: string;
}

const linkBatchSize = 32;

/**
 * Places one file. Both ends are resolved inside their roots first: the
 * source inside the package (a link of the package is followed only while it
 * stays inside), the destination's folders inside the prefix; the destination's
 * own name is created exclusively, so an earlier package's link there is
 * replaced, never written through.
 */
async function placeFile(entry: PackagePath, target: string, roots: LinkRoots, counters: LinkCounters): Promise<LinkedPath> {
  if (entry.pathType === 'directory') {
    roots.prefixRoot.folderFor(target);
    return { path: target, pathType: 'directory' };
  }
  const destination = roots.prefixRoot.placeFor(target);
  if (entry.pathType === 'softlink') {
    const linkTarget = await readlink(roots.packageRoot.placeFor(entry.path));
    await replacing(destination, () => symlink(linkTarget, destination));
    return { path: target, pathType: 'softlink' };
  }
  const source = roots.packageRoot.existing(entry.path);
  if (entry.prefixPlaceholder) {
    const content = await readFile(source);
    const rewritten =
      entry.fileMode === 'binary'
        ? replacePrefixInBinary(content, entry.prefixPlaceholder, roots.prefixRoot.root, `${roots.packageName}:${entry.path}`)
        : replacePrefixInText(content, entry.prefixPlaceholder, roots.prefixRoot.root);
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
    await unlink(destination).catch((unlinkError: NodeJS.ErrnoException) => {
      if (unlinkError.code !== 'EISDIR' && unlinkError.code !== 'EPERM') throw unlinkError;
      throw new PathConflict(destination);
    });
    return place();
  }
}

/** A file or link of a package where the environment already has a folder (another package's files are under it). */
class PathConflict extends Error {
  constructor(readonly destination: string) {
    super(`${destination} is a folder`);
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

async function writeEntryPoints(entryPoints: readonly string[], prefixRoot: ContainedRoot): Promise<LinkedPath[]> {
  const written: LinkedPath[] = [];
  for (const text of entryPoints) {
    const entryPoint = parseEntryPoint(text);
    if (!entryPoint) continue;
    const path = join('bin', entryPoint.name);
    const script = prefixRoot.placeFor(path);
    await unlink(script).catch(() => undefined);
    // Created exclusively with its final mode: nothing is written or chmod-ed through a link.
    await writeFile(script, entryPointScript(prefixRoot.root, entryPoint), { flag: 'wx', mode: 0o755 });
    await chmod(script, 0o755);
    written.push({ path, pathType: 'copy' });
  }
  return written;
}
