import { compareParsed, isPrereleaseVersion, parseVersion, specifierHolds, specifierNamesPrerelease, type Specifier } from './pep440.js';
import { isValidSpecifier } from './specifier-syntax.js';

/**
 * PEP 440 versions and specifier sets as pip's vendored packaging 21.3 answers
 * them (`pep440.ts` ports its algorithms): test/python-packaging-reference.integration.test.ts
 * compares every answer used here with it on generated versions and specifiers.
 */

export class SpecifierError extends Error {}

/** A valid PEP 440 version (`packaging.version.Version` accepts it). */
export function isVersion(text: string): boolean {
  return parseVersion(text) !== undefined;
}

/** Negative, zero or positive, as `Version(left) < == > Version(right)`. Both must be valid versions. */
export function compareVersions(left: string, right: string): number {
  return compareParsed(parseVersion(left) as never, parseVersion(right) as never);
}

/** `packaging`'s `Version(text).is_prerelease` (a pre- or development release). */
export function isPrerelease(text: string): boolean {
  const version = parseVersion(text);
  return version !== undefined && isPrereleaseVersion(version);
}

/** The specifiers of a set, split as `SpecifierSet` splits them; one that is not a PEP 440 specifier (a LegacySpecifier in packaging) throws. */
export function parseSpecifierSet(specifiers: string): Specifier[] {
  return specifiers
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(~=|===|==|!=|<=|>=|<|>)\s*(.*)$/.exec(part);
      if (!match || !isValidSpecifier(match[1] as string, match[2] as string)) throw new SpecifierError(`"${part}" is not a PEP 440 specifier`);
      return { operator: match[1] as string, version: (match[2] as string).trim() };
    });
}

/**
 * `SpecifierSet(specifiers).contains(version, prereleases=...)`: with
 * `prereleases` undefined a pre-release is held only when an inclusive specifier
 * of the set names one (the whole set then allows them). A version that is not
 * PEP 440 is never held.
 */
export function specifierContains(specifiers: string, version: string, options: { prereleases?: boolean } = {}): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  const set = parseSpecifierSet(specifiers);
  const prereleases = options.prereleases ?? (set.length > 0 && set.some(specifierNamesPrerelease));
  if (!prereleases && isPrereleaseVersion(parsed)) return false;
  return set.every((specifier) => specifierHolds(specifier, parsed, prereleases));
}

/**
 * `SpecifierSet(specifiers).filter(versions)` (packaging 21.3, pip's): the
 * versions it holds; an empty set falls back to pre-releases when there is no
 * final release, a non-empty one never does unless it names a pre-release.
 */
export function filterVersions(specifiers: string, versions: readonly string[]): string[] {
  const valid = versions.filter(isVersion);
  const set = parseSpecifierSet(specifiers);
  if (set.length > 0) {
    const prereleases = set.some(specifierNamesPrerelease);
    return valid.filter((version) => {
      const parsed = parseVersion(version) as NonNullable<ReturnType<typeof parseVersion>>;
      return (prereleases || !isPrereleaseVersion(parsed)) && set.every((specifier) => specifierHolds(specifier, parsed, prereleases));
    });
  }
  const finals = valid.filter((version) => !isPrerelease(version));
  return finals.length > 0 ? finals : valid;
}
