import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeProjectName } from './requirement-lines.js';

const defaultIndex = 'https://pypi.org/simple/';

/**
 * The indexes pip said it looked in (`Looking in indexes: a, b`), PyPI when it said
 * nothing, and none when it ran with `--no-index` (it then looked only in
 * `--find-links`: asking PyPI would call a missing package an unreachable index,
 * and reach out to an index the user turned off).
 */
export function indexesPipUsed(lines: readonly string[], noIndex = false): string[] {
  if (noIndex) return [];
  const line = lines.find((candidate) => candidate.startsWith('Looking in indexes: '));
  if (!line) return [defaultIndex];
  return line
    .slice('Looking in indexes: '.length)
    .split(', ')
    .map((url) => url.trim())
    .filter(Boolean);
}

/**
 * Why a project page could not be read, or undefined when the index answered. pip
 * reports an index it cannot reach as "no matching distribution" (and says why only
 * at debug level when it does not retry), so the plugin asks the index itself
 * before calling a missing package permanent.
 */
export async function indexProblem(indexUrl: string, project: string): Promise<string | undefined> {
  if (!URL.canParse(indexUrl)) return undefined;
  const pageUrl = `${indexUrl.replace(/\/?$/, '/')}${normalizeProjectName(project)}/`;
  if (indexUrl.startsWith('file:')) {
    return existsSync(fileURLToPath(indexUrl)) ? undefined : `the index directory ${fileURLToPath(indexUrl)} does not exist`;
  }
  if (indexUrl.includes('****')) return undefined; // pip redacted a password: this URL cannot be re-asked, assume it answered
  try {
    const response = await fetch(pageUrl, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status >= 500 ? `the index answered HTTP ${response.status}` : undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `the index could not be reached (${cause ?? (error as Error).name})`;
  }
}
