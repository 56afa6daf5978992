import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstalledDistribution, VisibleDistributions } from './installation-lock.js';
import type { InterpreterFacts } from './python-packaging/interpreter-facts.js';

/** Variables that change where Python looks for packages: with one of them set, Python lists. */
export const pathChangingVariables = new Set([
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONUSERBASE',
  'PYTHONNOUSERSITE',
  'PYTHONPLATLIBDIR',
  'PYTHONEXECUTABLE',
  '_PYTHON_HOST_PLATFORM',
  '_PYTHON_SYSCONFIGDATA_NAME',
]);

/** `Name` or `Version` as Python's email parser reads a METADATA header (undefined when folded: left to Python). */
function headerOf(headers: string, field: string): string | undefined | null {
  const lines = headers.split('\n');
  const index = lines.findIndex((line) => line.toLowerCase().startsWith(`${field.toLowerCase()}:`));
  if (index === -1) return undefined;
  if (/^[ \t]/.test(lines[index + 1] ?? '')) return null;
  return (lines[index] as string)
    .slice(field.length + 1)
    .replace(/^[ \t]+/, '')
    .replace(/\r$/, '');
}

/**
 * `listDistributionsScript`'s answer without starting Python, where it can be
 * exactly the same: the environment's own site-packages holds only `.dist-info`
 * folders (no `.pth` file that could add a folder to `sys.path`, no egg), and
 * the base interpreter's distributions come from its cached facts, seen through
 * the same `sys.path` (the standard library only, without system site packages).
 * Returns undefined where Python must list them.
 */
export async function listDistributionsInProcess(
  sitePackages: string,
  facts: InterpreterFacts,
  systemSitePackages: boolean,
  environment: Readonly<Record<string, string | undefined>>,
): Promise<VisibleDistributions | undefined> {
  if (Object.keys(environment).some((name) => pathChangingVariables.has(name))) return undefined;
  if ((environment.HOME ?? null) !== facts.home) return undefined;
  const entries = await readdir(sitePackages, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return undefined;
  const own = new Map<string, InstalledDistribution>();
  for (const entry of entries.sort((left, right) => (left.name < right.name ? -1 : 1))) {
    if (/\.(pth|egg-info|egg-link|egg)$/i.test(entry.name)) return undefined;
    if (!entry.name.endsWith('.dist-info') || !entry.isDirectory()) continue;
    const text = await readFile(join(sitePackages, entry.name, 'METADATA'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const headers = text.split(/\r?\n\r?\n/)[0] ?? '';
    const name = headerOf(headers, 'Name');
    const version = headerOf(headers, 'Version');
    if (name === null || version === null || version === undefined) return undefined;
    if (!name) continue;
    if (!own.has(name.toLowerCase())) own.set(name.toLowerCase(), { name, version });
  }
  const visiblePaths = new Set(systemSitePackages ? facts.paths : facts.standardPaths);
  const base = new Map<string, InstalledDistribution>();
  for (const distribution of facts.distributions) {
    if (!visiblePaths.has(distribution.location)) continue;
    const key = distribution.name.toLowerCase();
    if (!base.has(key)) base.set(key, { name: distribution.name, version: distribution.version });
  }
  for (const key of own.keys()) base.delete(key);
  const sorted = (items: Iterable<InstalledDistribution>): InstalledDistribution[] =>
    [...items].sort((left, right) => (left.name === right.name ? (left.version < right.version ? -1 : 1) : left.name < right.name ? -1 : 1));
  return { own: sorted(own.values()), base: sorted(base.values()) };
}
