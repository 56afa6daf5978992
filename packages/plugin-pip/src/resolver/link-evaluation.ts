import { normalizeProjectName } from '../requirement-lines.js';
import { compareParsed, formatVersion, parseVersion, type Version } from '../python-packaging/pep440.js';
import { specifierContains } from '../python-packaging/versions.js';
import type { IndexLink } from './project-pages.js';

/** An index file pip's LinkEvaluator accepts for a project: its version and how pip's CandidateEvaluator ranks it. */
export interface IndexCandidate {
  link: IndexLink;
  /** Normalized (`str(Version)`). */
  version: string;
  parsed: Version;
  isWheel: boolean;
  /** `-(most preferred tag's index)` for a wheel, `-(number of tags)` for an sdist: higher is better. */
  priority: number;
  /** A wheel's build tag, `(number, rest)`, empty without one. */
  buildTag: [number, string] | [];
}

export class LinkNotUnderstood extends Error {}

const sdistExtensions = ['.tar.bz2', '.tbz', '.tar.xz', '.txz', '.tlz', '.tar.lz', '.tar.lzma', '.zip', '.tar.gz', '.tgz', '.tar'];
const wheelPattern = /^((?<name>[^\s-]+?)-(?<ver>[^\s-]*?))((-(?<build>\d[^-]*?))?-(?<pyver>[^\s-]+?)-(?<abi>[^\s-]+?)-(?<plat>[^\s-]+?)\.whl|\.dist-info)$/;

/** pip's `_extract_version_from_fragment`: the part after the first dash whose prefix names the project. */
function versionFromSdistStem(stem: string, project: string): string | undefined {
  for (let index = 0; index < stem.length; index += 1) {
    if (stem[index] !== '-') continue;
    if (normalizeProjectName(stem.slice(0, index)) === project) return stem.slice(index + 1) || undefined;
  }
  return undefined;
}

/**
 * pip's LinkEvaluator and CandidateEvaluator for one link: undefined where pip
 * skips it (another project, an unsupported wheel, a Requires-Python this
 * interpreter fails, a version that is not PEP 440), `LinkNotUnderstood` where
 * the in-process resolver stops and lets pip decide.
 */
export function evaluateLink(
  link: IndexLink,
  project: string,
  tagRanks: ReadonlyMap<string, number>,
  tagCount: number,
  pythonVersion: string,
): IndexCandidate | undefined {
  const fileName = link.fileName;
  let versionText: string;
  let isWheel = false;
  let priority = -tagCount;
  let buildTag: IndexCandidate['buildTag'] = [];
  if (fileName.endsWith('.whl')) {
    const match = wheelPattern.exec(fileName);
    if (!match?.groups) return undefined;
    if (normalizeProjectName((match.groups.name as string).replace(/_/g, '-')) !== project) return undefined;
    const groups = match.groups as Record<string, string | undefined>;
    let best: number | undefined;
    for (const python of (groups.pyver ?? '').split('.'))
      for (const abi of (groups.abi ?? '').split('.'))
        for (const platform of (groups.plat ?? '').split('.')) {
          const rank = tagRanks.get(`${python}-${abi}-${platform}`.toLowerCase());
          if (rank !== undefined && (best === undefined || rank < best)) best = rank;
        }
    if (best === undefined) return undefined;
    isWheel = true;
    priority = 0 - best;
    versionText = (groups.ver as string).replace(/_/g, '-');
    if (groups.build) {
      const build = /^(\d+)(.*)$/.exec(groups.build);
      buildTag = [Number(build?.[1]), build?.[2] ?? ''];
    }
  } else {
    const extension = sdistExtensions.find((candidate) => fileName.toLowerCase().endsWith(candidate));
    if (!extension) return undefined;
    const version = versionFromSdistStem(fileName.slice(0, -extension.length), project);
    if (!version) return undefined;
    if (/-py([123]\.?[0-9]?)$/.test(version)) throw new LinkNotUnderstood(`${fileName} names a Python version`);
    versionText = version;
  }
  if (link.requiresPython !== undefined) {
    try {
      if (!specifierContains(link.requiresPython, pythonVersion)) return undefined;
    } catch {
      throw new LinkNotUnderstood(`${fileName} has the Requires-Python ${JSON.stringify(link.requiresPython)}`);
    }
  }
  const parsed = parseVersion(versionText);
  // pip keeps a LegacyVersion candidate, which no specifier filter lets through.
  if (!parsed) return undefined;
  return { link, version: formatVersion(parsed), parsed, isWheel, priority, buildTag };
}

/** pip's CandidateEvaluator `_sort_key` order (without hashes or binary preference), ascending. */
export function compareCandidates(left: IndexCandidate, right: IndexCandidate): number {
  const yanked = Number(right.link.yanked) - Number(left.link.yanked);
  if (yanked !== 0) return yanked;
  const version = compareParsed(left.parsed, right.parsed);
  if (version !== 0) return version;
  if (left.priority !== right.priority) return left.priority - right.priority;
  const [leftNumber, leftRest] = left.buildTag;
  const [rightNumber, rightRest] = right.buildTag;
  if (leftNumber === undefined || rightNumber === undefined) return (leftNumber === undefined ? 0 : 1) - (rightNumber === undefined ? 0 : 1);
  if (leftNumber !== rightNumber) return leftNumber - rightNumber;
  return (leftRest as string) < (rightRest as string) ? -1 : (leftRest as string) > (rightRest as string) ? 1 : 0;
}
