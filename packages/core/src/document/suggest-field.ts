import { editDistance } from './edit-distance.js';

/** The known field closest to a misspelt one, if it is close enough to be a typo. */
export function suggestField(unknown: string, known: readonly string[]): string | undefined {
  let best: { field: string; distance: number } | undefined;
  for (const field of known) {
    const distance = editDistance(unknown.toLowerCase(), field.toLowerCase());
    if (!best || distance < best.distance) best = { field, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(unknown.length / 4)) ? best.field : undefined;
}
