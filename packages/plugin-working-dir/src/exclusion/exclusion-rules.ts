import type { Ignore } from 'ignore';
import { loadIgnore } from './load-ignore.js';

/** The per-folder files whose patterns apply to their folder's subtree. */
export const ignoreFileNames = { gitignore: '.gitignore', project: ['.rtenvignore', '.rayignore'] } as const;

export interface ExclusionSettings {
  /** The runtime_env's `excludes`: strongest, like `git ls-files --exclude`. */
  excludes: readonly string[];
  /** Weakest, like `.git/info/exclude`: a `.gitignore` negation can bring such a path back. */
  defaultExcludes: readonly string[];
  useGitignore: boolean;
}

/** The patterns of one folder's ignore files, matched relative to that folder. */
export interface ExclusionLevel {
  /** The folder, relative to the package root, with a trailing `/` (`''` for the root). */
  base: string;
  matcher: Ignore;
}

type Verdict = 'excluded' | 'included' | 'no-match';

interface RuleSet {
  test(path: string, mode: string): { ignored: boolean; unignored: boolean };
}

/**
 * Git matches each path on its own: a folder is only entered once the whole
 * chain of levels let it in, so a pattern that matched the folder at a weaker
 * level must not decide for its files. `ignore`'s public `test` also applies the
 * folder's verdict of the same matcher to the file, so this reaches for its rule
 * list (the git comparison tests guard this against a changed `ignore`).
 */
function verdictOf(matcher: Ignore, relativePath: string): Verdict {
  const rules = (matcher as unknown as { _rules?: RuleSet })._rules;
  const result = rules ? rules.test(relativePath, 'regex') : matcher.test(relativePath);
  if (result.ignored) return 'excluded';
  if (result.unignored) return 'included';
  return 'no-match';
}

/**
 * Case-sensitive, as git on Linux and Ray are (`*.log` must not leave out `UPPER.LOG`);
 * the `ignore` library matches case-insensitively unless told.
 */
const matcherOptions = { allowRelativePaths: true, ignorecase: false } as const;

/**
 * Decides, with git's precedence, whether a path is left out of a package: the
 * `excludes` patterns first, then each folder's ignore files from the deepest
 * folder up to the root (the last matching pattern of the first level with a
 * match decides), then the default excludes.
 */
export class ExclusionRules {
  private readonly userMatcher: Ignore;
  private readonly defaultMatcher: Ignore;

  constructor(readonly settings: ExclusionSettings) {
    const ignore = loadIgnore();
    this.userMatcher = ignore(matcherOptions).add([...settings.excludes]);
    this.defaultMatcher = ignore(matcherOptions).add([...settings.defaultExcludes]);
  }

  /** Builds the level of one folder from the text of its ignore files (in the order read). */
  levelFor(base: string, ignoreFileContents: readonly string[]): ExclusionLevel | undefined {
    if (ignoreFileContents.length === 0) return undefined;
    return { base, matcher: loadIgnore()(matcherOptions).add(ignoreFileContents.join('\n')) };
  }

  /** `relativePath` is relative to the package root; folders end with `/`. */
  isExcluded(relativePath: string, levels: readonly ExclusionLevel[]): boolean {
    const fromUser = verdictOf(this.userMatcher, relativePath);
    if (fromUser !== 'no-match') return fromUser === 'excluded';
    for (let index = levels.length - 1; index >= 0; index -= 1) {
      const level = levels[index]!;
      const verdict = verdictOf(level.matcher, relativePath.slice(level.base.length));
      if (verdict !== 'no-match') return verdict === 'excluded';
    }
    return verdictOf(this.defaultMatcher, relativePath) === 'excluded';
  }
}
