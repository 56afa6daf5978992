import { isVersion } from './versions.js';

/** A wheel's file name, as `packaging.utils.parse_wheel_filename` reads it. */
export interface WheelName {
  /** As written in the file name. */
  name: string;
  version: string;
  /** Every `interpreter-abi-platform` tag the compressed tag set expands to, lowercased. */
  tags: string[];
}

/** Parses a wheel file name, or returns undefined where `packaging` raises `InvalidWheelFilename`. */
export function parseWheelName(fileName: string): WheelName | undefined {
  if (!fileName.endsWith('.whl')) return undefined;
  const parts = fileName.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [name, version] = parts as [string, string];
  if (name.includes('__') || !/^[\w.]*$/u.test(name)) return undefined;
  if (!isVersion(version)) return undefined;
  if (parts.length === 6 && !/^\d/.test(parts[2] as string)) return undefined;
  const [interpreters, abis, platforms] = parts.slice(-3).map((part) => part.toLowerCase().split('.')) as [string[], string[], string[]];
  const tags = interpreters.flatMap((interpreter) => abis.flatMap((abi) => platforms.map((platform) => `${interpreter}-${abi}-${platform}`)));
  return { name, version, tags };
}

/**
 * The rank of a wheel's most preferred tag among the interpreter's supported
 * tags (0 is the best), or undefined when the interpreter supports none of them.
 */
export function wheelRank(fileName: string, supportedRanks: ReadonlyMap<string, number>): number | undefined {
  const wheel = parseWheelName(fileName);
  if (!wheel) return undefined;
  let best: number | undefined;
  for (const tag of wheel.tags) {
    const rank = supportedRanks.get(tag);
    if (rank !== undefined && (best === undefined || rank < best)) best = rank;
  }
  return best;
}

/** `{tag: rank}` from the supported tags in the interpreter's priority order. */
export function tagRanks(supportedTags: readonly string[]): Map<string, number> {
  const ranks = new Map<string, number>();
  supportedTags.forEach((tag, index) => {
    if (!ranks.has(tag)) ranks.set(tag, index);
  });
  return ranks;
}
