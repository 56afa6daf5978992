import { chmod, copyFile, link, mkdir, readFile, readlink, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SetupFailure } from '@runtime-env/core';
import { entryPointScript, noarchPythonTarget, parseEntryPoint } from './noarch-python.js';
import type { PackageInfo } from './package-info.js';
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
  request: { packageDirectory: string; info: PackageInfo; prefix: string; pythonShortVersion: string | undefined; packageName: string; signal: AbortSignal },
  counters: LinkCounters,
): Promise<LinkedPath[]> {
  const { info, prefix, packageDirectory } = request;
  const isNoarchPython = info.noarch === 'python';
  if (isNoarchPython && !request.pythonShortVersion) {
    throw SetupFailure.permanent(`${request.packageName} is a noarch: python package but the environment has no python`, {
      code: 'conda_missing_python',
      hint: 'add "python" to conda.dependencies',
    });
  }
  const linked: LinkedPath[] = [];
  for (const entry of info.paths) {
    request.signal.throwIfAborted();
    const target = isNoarchPython ? noarchPythonTarget(entry.path, request.pythonShortVersion ?? '') : entry.path;
    const source = join(packageDirectory, entry.path);
    const destination = join(prefix, target);
    await mkdir(dirname(destination), { recursive: true });
    await unlink(destination).catch(() => undefined);
    if (entry.pathType === 'directory') {
      await mkdir(destination, { recursive: true });
      linked.push({ path: target, pathType: 'directory' });
    } else if (entry.pathType === 'softlink') {
      await symlink(await readlink(source), destination);
      linked.push({ path: target, pathType: 'softlink' });
    } else if (entry.prefixPlaceholder) {
      const content = await readFile(source);
      const rewritten =
        entry.fileMode === 'binary'
          ? replacePrefixInBinary(content, entry.prefixPlaceholder, prefix, `${request.packageName}:${entry.path}`)
          : replacePrefixInText(content, entry.prefixPlaceholder, prefix);
      await writeFile(destination, rewritten, { mode: (await stat(source)).mode & 0o7777 });
      counters.copied += 1;
      linked.push({ path: target, pathType: 'copy' });
    } else {
      linked.push({ path: target, pathType: await hardlinkOrCopy(source, destination, entry.noLink === true, counters) });
    }
  }
  if (isNoarchPython) linked.push(...(await writeEntryPoints(info.entryPoints, prefix)));
  return linked;
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
  await copyFile(source, destination);
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
