// `packaging.specifiers.Specifier`'s grammar (packaging 21.3, vendored by pip):
// which operator takes which version form. A marker comparison is a version
// comparison exactly when its operator and right-hand side make a valid specifier.
const epochAndRelease = String.raw`v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*`;
const pre = '(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?';
const post = '(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?';
const dev = '(?:[-_.]?dev[-_.]?[0-9]*)?';
const local = String.raw`(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?`;

const versionForms: Record<string, RegExp> = {
  '===': /^\S*$/i,
  '==': new RegExp(`^${epochAndRelease}${pre}${post}(?:${dev}${local}|\\.\\*)?$`, 'i'),
  '!=': new RegExp(`^${epochAndRelease}${pre}${post}(?:${dev}${local}|\\.\\*)?$`, 'i'),
  '~=': new RegExp(`^v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${pre}${post}${dev}$`, 'i'),
  '<=': new RegExp(`^${epochAndRelease}${pre}${post}${dev}$`, 'i'),
  '>=': new RegExp(`^${epochAndRelease}${pre}${post}${dev}$`, 'i'),
  '<': new RegExp(`^${epochAndRelease}${pre}${post}${dev}$`, 'i'),
  '>': new RegExp(`^${epochAndRelease}${pre}${post}${dev}$`, 'i'),
};

/** `Specifier(operator + version)` would be accepted (surrounding blanks allowed, as `packaging` strips them). */
export function isValidSpecifier(operator: string, version: string): boolean {
  const form = versionForms[operator];
  return form?.test(version.trim()) === true;
}
