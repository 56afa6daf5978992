import { editDistance } from '@runtime-env/core/plugin';

/** The candidate within two edits of `name` (or that it abbreviates), for "did you mean" hints. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const prefixMatch = candidates.find((candidate) => candidate.startsWith(name) || name.startsWith(candidate));
  if (prefixMatch) return prefixMatch;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
