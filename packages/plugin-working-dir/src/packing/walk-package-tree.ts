import { readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { type ExclusionRules, ignoreFileNames, type ExclusionLevel } from '../exclusion/exclusion-rules.js';
import { comparePaths, fileEntry, normalizedMode, type PackageEntry } from './package-entry.js';

export interface WalkOptions {
  rules: ExclusionRules;
  /** Put every path under this folder name (py_modules keep their top-level name). */
  topLevelName?: string;
  signal?: AbortSignal;
  /** Told about links that point nowhere or into a loop; they are left out. */
  onSkippedLink?: (relativePath: string, reason: string) => void;
  /** Told what the result depends on beyond the files' own stats, for a tree snapshot (see `tree-snapshot.ts`). */
  observer?: WalkObserver;
}

/** What a walk read, stated before it was read, so a later change shows in the stats. */
export interface WalkObserver {
  directory(absolutePath: string, stats: Stats): void;
  ignoreFile(absolutePath: string, stats: Stats): void;
  /** A symlink was followed: the result then depends on things outside the tree. */
  followedLink(): void;
  /** Something was left out because it could not be read or looped. */
  skipped(): void;
}

/** Reads only the ignore files the listing holds: a failed open per folder and name costs more than the whole walk of a small folder. */
function readIgnoreFiles(directory: string, names: ReadonlySet<string>, candidates: readonly string[], observer: WalkObserver | undefined): string[] {
  const contents: string[] = [];
  for (const name of candidates) {
    if (!names.has(name)) continue;
    const absolutePath = path.join(directory, name);
    try {
      if (observer) observer.ignoreFile(absolutePath, statSync(absolutePath));
      contents.push(readFileSync(absolutePath, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
    }
  }
  return contents;
}

/** Folders carry no size or times: nothing reads them, and not stating them saves a call per folder. */
function directoryEntry(relativePath: string, absolutePath: string): PackageEntry {
  return { relativePath, absolutePath, kind: 'directory', mode: normalizedMode('directory', 0), size: 0, mtimeMs: 0, ctimeMs: 0, inode: 0, device: 0 };
}

/** What a listed name is once links are followed; undefined for what a package leaves out (sockets, FIFOs, broken links). */
function resolveKind(
  dirent: Dirent,
  absolutePath: string,
  onUnreadable: (code: string) => void,
): { kind: 'file' | 'directory'; stats?: Stats; viaLink: boolean } | undefined {
  // The listing's type spares a stat for plain folders; files need one for their size and times anyway.
  if (dirent.isDirectory()) return { kind: 'directory', viaLink: false };
  const knownType = dirent.isFile() || dirent.isSymbolicLink() || dirent.isFIFO() || dirent.isSocket() || dirent.isBlockDevice() || dirent.isCharacterDevice();
  if (knownType && !dirent.isFile() && !dirent.isSymbolicLink()) return undefined;
  let stats: Stats;
  try {
    stats = statSync(absolutePath);
  } catch (error) {
    onUnreadable((error as NodeJS.ErrnoException).code ?? 'error');
    return undefined;
  }
  const viaLink = !dirent.isFile();
  if (stats.isFile()) return { kind: 'file', stats, viaLink };
  if (stats.isDirectory()) return { kind: 'directory', viaLink };
  return undefined;
}

/**
 * Lists what a package of `root` holds, sorted by path. Symlinks are followed, as
 * Ray does (the package holds the target's content); a link into one of its own
 * ancestors is left out instead of looping. Excluded folders are not entered, so
 * nothing inside them can be brought back (git's rule). It uses sync calls: a
 * walk is thousands of tiny stats, which the thread pool makes several times slower.
 */
export async function walkPackageTree(root: string, options: WalkOptions): Promise<PackageEntry[]> {
  const entries: PackageEntry[] = [];
  const prefix = options.topLevelName ? `${options.topLevelName}/` : '';
  const observer = options.observer;
  const skip = (relativePath: string, reason: string) => {
    observer?.skipped();
    options.onSkippedLink?.(relativePath, reason);
  };
  const ignoreCandidates = options.rules.settings.useGitignore ? [ignoreFileNames.gitignore, ...ignoreFileNames.project] : [...ignoreFileNames.project];

  function visit(directory: string, realDirectory: string, relativeDirectory: string, levels: ExclusionLevel[], ancestors: ReadonlySet<string>): void {
    options.signal?.throwIfAborted();
    // Stated before it is listed: a name added or removed later changes its mtime.
    observer?.directory(directory, statSync(directory));
    const dirents = readdirSync(directory, { withFileTypes: true }).sort((left, right) => comparePaths(left.name, right.name));
    const names = new Set(dirents.map((dirent) => dirent.name));
    const level = options.rules.levelFor(relativeDirectory, readIgnoreFiles(directory, names, ignoreCandidates, observer));
    const activeLevels = level ? [...levels, level] : levels;
    for (const dirent of dirents) {
      const name = dirent.name;
      const relativePath = relativeDirectory + name;
      const absolutePath = path.join(directory, name);
      const resolved = resolveKind(dirent, absolutePath, (code) => skip(relativePath, `cannot be read (${code})`));
      if (!resolved) continue;
      if (resolved.viaLink) observer?.followedLink();
      if (options.rules.isExcluded(resolved.kind === 'directory' ? `${relativePath}/` : relativePath, activeLevels)) continue;
      if (resolved.kind === 'file') {
        entries.push(fileEntry(prefix + relativePath, absolutePath, resolved.stats!));
        continue;
      }
      // A folder that is not a link lives right under its parent's real path; only links need resolving.
      const real = resolved.viaLink ? realpathSync(absolutePath) : path.join(realDirectory, name);
      if (ancestors.has(real)) {
        skip(relativePath, 'links back to a folder that contains it');
        continue;
      }
      entries.push(directoryEntry(prefix + relativePath, absolutePath));
      visit(absolutePath, real, `${relativePath}/`, activeLevels, new Set([...ancestors, real]));
    }
  }

  const rootReal = realpathSync(root);
  visit(root, rootReal, '', [], new Set([rootReal]));
  return entries.sort((left, right) => comparePaths(left.relativePath, right.relativePath));
}
