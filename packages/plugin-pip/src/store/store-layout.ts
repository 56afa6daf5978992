import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { normalizeProjectName } from '../requirement-lines.js';

/**
 * The shared store of installed distributions, under the plugin's directory:
 * `entries/<name>/<digest>/` are complete entries (each appeared by one rename),
 * `incoming/` holds entries being written, `trash/` entries being removed.
 */
export interface StoreLayout {
  root: string;
  entries: string;
  incoming: string;
  trash: string;
}

export function storeLayout(pluginDirectory: string): StoreLayout {
  const root = join(pluginDirectory, 'distribution-store');
  return { root, entries: join(root, 'entries'), incoming: join(root, 'incoming'), trash: join(root, 'trash') };
}

/** What makes two installations of a distribution byte-identical, so one may stand for the other. */
export interface EntryIdentity {
  name: string;
  version: string;
  /** Hex sha256 of the wheel pip installed. */
  wheelSha256: string;
  /** `cpython-311-linux-x86_64`: the `.pyc` files pip compiled are this interpreter's. */
  interpreterTag: string;
  /** `lib/python3.11/site-packages`, relative to the venv. */
  sitePackages: string;
  /** False when pip ran with `--no-compile` (no `.pyc` files in the entry). */
  compiled: boolean;
}

// Bumped when an entry's layout changes, so an older plugin's entries are never read.
const storeFormat = 1;

export function entryDirectory(layout: StoreLayout, identity: EntryIdentity): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ storeFormat, ...identity, name: normalizeProjectName(identity.name) }))
    .digest('hex')
    .slice(0, 32);
  return join(layout.entries, normalizeProjectName(identity.name), digest);
}
