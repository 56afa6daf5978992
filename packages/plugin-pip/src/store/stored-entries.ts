import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedDistribution } from './resolution-report.js';
import { entryDirectory, type EntryIdentity, type StoreLayout } from './store-layout.js';
import { manifestFileName } from './store-manifest.js';

/** The projects that have at least one entry in the store. */
export async function storedProjectNames(layout: StoreLayout): Promise<Set<string>> {
  const names = await readdir(layout.entries).catch(() => [] as string[]);
  const withEntries = await Promise.all(names.map(async (name) => ((await readdir(join(layout.entries, name)).catch(() => [])).length > 0 ? name : undefined)));
  return new Set(withEntries.filter((name): name is string => name !== undefined));
}

/** What the interpreter and options contribute to every entry's identity in one environment. */
export type EnvironmentIdentity = Pick<EntryIdentity, 'interpreterTag' | 'sitePackages' | 'compiled'>;

/** The identity of a resolved distribution's entry, or undefined when it cannot be shared (not a wheel, no hash, or named by URL or path). */
export function identityOf(distribution: ResolvedDistribution, environment: EnvironmentIdentity): EntryIdentity | undefined {
  if (!distribution.isWheel || distribution.isDirect || !distribution.sha256) return undefined;
  return { name: distribution.name, version: distribution.version, wheelSha256: distribution.sha256, ...environment };
}

export async function storedEntryOf(layout: StoreLayout, identity: EntryIdentity): Promise<string | undefined> {
  const entry = entryDirectory(layout, identity);
  return (await access(join(entry, manifestFileName)).then(
    () => true,
    () => false,
  ))
    ? entry
    : undefined;
}
