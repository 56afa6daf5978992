import type { InterpreterFacts } from '../python-packaging/interpreter-facts.js';
import { evaluateMarker } from '../python-packaging/markers.js';
import { specifierContains } from '../python-packaging/versions.js';
import { tagRanks, wheelRank } from '../python-packaging/wheel-tags.js';
import type { ResolvedDistribution } from '../store/resolution-report.js';
import type { PylockPackage } from './pylock-read.js';

/**
 * `selectFromPylock`'s answer computed in process from the interpreter's facts:
 * the same markers, Requires-Python and tag ranking as pip's `packaging`
 * (test/pylock-selection.integration.test.ts compares the two on real locks).
 * Throws `MarkerError` where `packaging` would raise (a marker naming `extra`),
 * and the caller then asks Python.
 */
export function selectFromPylockInProcess(facts: InterpreterFacts, packages: readonly PylockPackage[]): ResolvedDistribution[] {
  const ranks = tagRanks(facts.tags);
  const chosen: ResolvedDistribution[] = [];
  const unusable: string[] = [];
  for (const item of packages) {
    if (item.marker && !evaluateMarker(item.marker, facts.markerEnvironment)) continue;
    if (item.requiresPython && !specifierContains(item.requiresPython, facts.version)) {
      unusable.push(`${item.name}==${item.version} needs Python ${item.requiresPython}`);
      continue;
    }
    let best: { rank: number; url: string; sha256: string } | undefined;
    for (const wheel of item.wheels) {
      const rank = wheelRank(wheel.name, ranks);
      if (rank !== undefined && (best === undefined || rank < best.rank)) best = { rank, url: wheel.url, sha256: wheel.sha256 };
    }
    // Every locked package counts as requested: installing the lock file names each of them.
    if (best) chosen.push({ name: item.name, version: item.version, url: best.url, sha256: best.sha256, isWheel: true, isDirect: false, requested: true });
    else if (item.sdist)
      chosen.push({ name: item.name, version: item.version, url: item.sdist.url, sha256: item.sdist.sha256, isWheel: false, isDirect: false, requested: true });
    else unusable.push(`${item.name}==${item.version} has no wheel for this interpreter (${facts.tags[0]}) and no sdist`);
  }
  if (unusable.length > 0) throw new Error(`the lock cannot be installed on this interpreter: ${unusable.join('; ')}`);
  return chosen;
}
