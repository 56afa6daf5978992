// PEP 440 versions and specifiers, ported from packaging 21.3 (the version pip
// vendors), so the answers are pip's own, quirks included. The reference test
// (test/python-packaging-reference.integration.test.ts) checks them against it.

/** A parsed version: `packaging.version.Version`. */
export interface Version {
  epoch: number;
  release: number[];
  pre?: [string, number];
  post?: number;
  dev?: number;
  local?: (string | number)[];
}

const versionPattern =
  /^\s*v?(?:(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*)([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?([0-9]+)?)?((?:-([0-9]+))|(?:[-_.]?(post|rev|r)[-_.]?([0-9]+)?))?([-_.]?(dev)[-_.]?([0-9]+)?)?)(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

/** `Version(text)`, or undefined where packaging raises `InvalidVersion`. */
export function parseVersion(text: string): Version | undefined {
  const match = versionPattern.exec(text);
  if (!match) return undefined;
  const version: Version = { epoch: match[1] ? Number(match[1]) : 0, release: (match[2] as string).split('.').map(Number) };
  if (match[4]) {
    const letter = match[4].toLowerCase();
    version.pre = [letter === 'alpha' ? 'a' : letter === 'beta' ? 'b' : ['c', 'pre', 'preview'].includes(letter) ? 'rc' : letter, Number(match[5] ?? 0)];
  }
  if (match[6]) version.post = Number(match[7] ?? match[9] ?? 0);
  if (match[10]) version.dev = Number(match[12] ?? 0);
  if (match[13])
    version.local = match[13]
      .toLowerCase()
      .split(/[-_.]/)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return version;
}

/** `str(Version(text))`: the normalized form. */
export function formatVersion(version: Version): string {
  let text = `${version.epoch !== 0 ? `${version.epoch}!` : ''}${version.release.join('.')}`;
  if (version.pre) text += `${version.pre[0]}${version.pre[1]}`;
  if (version.post !== undefined) text += `.post${version.post}`;
  if (version.dev !== undefined) text += `.dev${version.dev}`;
  if (version.local) text += `+${version.local.join('.')}`;
  return text;
}

export function isPrereleaseVersion(version: Version): boolean {
  return version.pre !== undefined || version.dev !== undefined;
}

function publicOf(version: Version): Version {
  const { local: _local, ...rest } = version;
  return rest;
}

function baseOf(version: Version): Version {
  return { epoch: version.epoch, release: version.release };
}

type KeyPart = number | string | KeyPart[];
const below = -Infinity;
const above = Infinity;

/** packaging's `_cmpkey`, with its infinities. */
function keyOf(version: Version): KeyPart[] {
  const release = [...version.release];
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  const pre: KeyPart =
    version.pre === undefined && version.post === undefined && version.dev !== undefined ? below : version.pre === undefined ? above : [...version.pre];
  const post: KeyPart = version.post === undefined ? below : version.post;
  const dev: KeyPart = version.dev === undefined ? above : version.dev;
  const local: KeyPart = version.local === undefined ? below : version.local.map((part): KeyPart => (typeof part === 'number' ? [part, ''] : [below, part]));
  return [version.epoch, release, pre, post, dev, local];
}

function compareKeys(left: KeyPart, right: KeyPart): number {
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
      const order = compareKeys(left[index] as KeyPart, right[index] as KeyPart);
      if (order !== 0) return order;
    }
    return left.length - right.length;
  }
  // Only the infinities meet a value of another type, and they order against anything.
  if (Array.isArray(left)) return right === below ? 1 : -1;
  if (Array.isArray(right)) return left === below ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function compareParsed(left: Version, right: Version): number {
  return compareKeys(keyOf(left), keyOf(right));
}

function versionSplit(text: string): string[] {
  const result: string[] = [];
  for (const item of text.split('.')) {
    const match = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (match) result.push(match[1] as string, match[2] as string);
    else result.push(item);
  }
  return result;
}

function padVersion(left: string[], right: string[]): [string[], string[]] {
  const leftRelease = takeWhileDigits(left);
  const rightRelease = takeWhileDigits(right);
  return [
    [...leftRelease, ...Array<string>(Math.max(0, rightRelease.length - leftRelease.length)).fill('0'), ...left.slice(leftRelease.length)],
    [...rightRelease, ...Array<string>(Math.max(0, leftRelease.length - rightRelease.length)).fill('0'), ...right.slice(rightRelease.length)],
  ];
}

function takeWhileDigits(parts: string[]): string[] {
  const taken: string[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) break;
    taken.push(part);
  }
  return taken;
}

function equalTo(prospective: Version, spec: string): boolean {
  if (spec.endsWith('.*')) {
    const splitSpec = versionSplit(spec.slice(0, -2));
    const shortened = versionSplit(formatVersion(publicOf(prospective))).slice(0, splitSpec.length);
    const [paddedSpec, paddedProspective] = padVersion(splitSpec, shortened);
    return paddedSpec.length === paddedProspective.length && paddedSpec.every((part, index) => part === paddedProspective[index]);
  }
  const specVersion = parseVersion(spec) as Version;
  return compareParsed(specVersion.local ? prospective : publicOf(prospective), specVersion) === 0;
}

const operators: Record<string, (prospective: Version, spec: string) => boolean> = {
  '~=': (prospective, spec) => {
    const parts = versionSplit(spec);
    const kept: string[] = [];
    for (const part of parts) {
      if (['dev', 'a', 'b', 'rc', 'post'].some((prefix) => part.startsWith(prefix))) break;
      kept.push(part);
    }
    return operators['>=']!(prospective, spec) && equalTo(prospective, `${kept.slice(0, -1).join('.')}.*`);
  },
  '==': equalTo,
  '!=': (prospective, spec) => !equalTo(prospective, spec),
  '<=': (prospective, spec) => compareParsed(publicOf(prospective), parseVersion(spec) as Version) <= 0,
  '>=': (prospective, spec) => compareParsed(publicOf(prospective), parseVersion(spec) as Version) >= 0,
  '<': (prospective, spec) => {
    const specVersion = parseVersion(spec) as Version;
    if (!(compareParsed(prospective, specVersion) < 0)) return false;
    if (!isPrereleaseVersion(specVersion) && isPrereleaseVersion(prospective) && compareParsed(baseOf(prospective), baseOf(specVersion)) === 0) return false;
    return true;
  },
  '>': (prospective, spec) => {
    const specVersion = parseVersion(spec) as Version;
    if (!(compareParsed(prospective, specVersion) > 0)) return false;
    if (specVersion.post === undefined && prospective.post !== undefined && compareParsed(baseOf(prospective), baseOf(specVersion)) === 0) return false;
    if (prospective.local !== undefined && compareParsed(baseOf(prospective), baseOf(specVersion)) === 0) return false;
    return true;
  },
};

/** One parsed specifier (`>=1.0`). */
export interface Specifier {
  operator: string;
  version: string;
}

/** `Specifier.prereleases`: an inclusive operator naming a pre-release. */
export function specifierNamesPrerelease(specifier: Specifier): boolean {
  if (!['==', '>=', '<=', '~=', '==='].includes(specifier.operator)) return false;
  const version = specifier.operator === '==' && specifier.version.endsWith('.*') ? specifier.version.slice(0, -2) : specifier.version;
  const parsed = parseVersion(version);
  return parsed !== undefined && isPrereleaseVersion(parsed);
}

/** `Specifier.contains(version, prereleases)` for a valid version. */
export function specifierHolds(specifier: Specifier, version: Version, prereleases: boolean): boolean {
  if (isPrereleaseVersion(version) && !prereleases) return false;
  if (specifier.operator === '===') return formatVersion(version).toLowerCase() === specifier.version.toLowerCase();
  return operators[specifier.operator]!(version, specifier.version);
}
