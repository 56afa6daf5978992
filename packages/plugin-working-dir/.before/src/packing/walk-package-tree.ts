import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { ExclusionRules, ignoreFileNames, type ExclusionLevel } from '../exclusion/exclusion-rules.js';
import { comparePaths, normalizedMode, type PackageEntry } from './package-entry.js';

export interface WalkOptions {
  rules: ExclusionRules;
  /** Put every path under this folder name (py_modules keep their top-level name). */
  topLevelName?: string;
  signal?: AbortSignal;
  /** Told about links that point nowhere or into a loop; they are left out. */
  onSkippedLink?: (relativePath: string, reason: string) => void;
}

function readIgnoreFiles(directory: string, useGitignore: boolean): string[] {
  const names = useGitignore ? [ignoreFileNames.gitignore, ...ignoreFileNames.project] : [...ignoreFileNames.project];
  const contents: string[] = [];
  for (const name of names) {
    try {
      contents.push(readFileSync(path.join(directory, name), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
    }
  }
  return contents;
}

function entryFrom(relativePath: string, absolutePath: string, stats: Stats): PackageEntry {
  const kind = stats.isDirectory() ? 'directory' : 'file';
  return {
    relativePath,
    absolutePath,
    kind,
    mode: normalizedMode(kind, stats.mode),
    size: kind === 'file' ? stats.size : 0,
    mtimeMs: stats.mtimeMs,
    ctimeMs: stats.ctimeMs,
    inode: stats.ino,
    device: stats.dev,
  };
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
  const rootReal = realpathSync(root);

  function visit(directory: string, relativeDirectory: string, levels: ExclusionLevel[], ancestors: Set<string>): void {
    options.signal?.throwIfAborted();
    const level = options.rules.levelFor(relativeDirectory, readIgnoreFiles(directory, options.rules.settings.useGitignore));
    const activeLevels = level ? [...levels, level] : levels;
    const names = readdirSync(directory).sort(comparePaths);
    const stats = names.map((name) => {
      try {
        return statSync(path.join(directory, name));
      } catch (error) {
        options.onSkippedLink?.(relativeDirectory + name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        return undefined;
      }
    });
    for (const [index, name] of names.entries()) {
      const stat = stats[index];
      if (!stat || !(stat.isFile() || stat.isDirectory())) continue;
      const relativePath = relativeDirectory + name;
      if (options.rules.isExcluded(stat.isDirectory() ? `${relativePath}/` : relativePath, activeLevels)) continue;
      const absolutePath = path.join(directory, name);
      entries.push(entryFrom(prefix + relativePath, absolutePath, stat));
      if (!stat.isDirectory()) continue;
      const real = realpathSync(absolutePath);
      if (ancestors.has(real)) {
        options.onSkippedLink?.(relativePath, 'links back to a folder that contains it');
        entries.pop();
        continue;
      }
      visit(absolutePath, `${relativePath}/`, activeLevels, new Set([...ancestors, real]));
    }
  }

  visit(root, '', [], new Set([rootReal]));
  return entries.sort((left, right) => comparePaths(left.relativePath, right.relativePath));
}
