import { randomBytes } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { forEachInBatches, linkOrCopy } from './file-links.js';
import { parseRecord, type RecordLine } from './record-file.js';
import { withoutShebang } from './script-shebang.js';
import { findDistInfo } from './site-packages.js';
import { entryDirectory, type EntryIdentity, type StoreLayout } from './store-layout.js';
import { manifestFileName, markerFile, summaryFileName, type EntrySummary, type StoreManifest } from './store-manifest.js';
import { markIncomingDone, markIncomingStarted } from './incoming-work.js';

/** Files pip writes per environment: never shared. */
const perEnvironmentFiles = new Set(['INSTALLER', 'REQUESTED', 'RECORD', 'direct_url.json']);

export interface StoreRequest {
  layout: StoreLayout;
  identity: EntryIdentity;
  /** The environment pip installed the distribution into. */
  venv: string;
  /** Its interpreter, as pip wrote it into scripts. */
  python: string;
  signal: AbortSignal;
}

export type StoreOutcome = { outcome: 'stored' | 'already-stored'; entry: string } | { outcome: 'not-storable'; reason: string };

interface StorePlan {
  distInfo: string;
  record: RecordLine[];
  files: { path: string; mode: number; bytes: number }[];
  scripts: string[];
}

/** Reads the installation's RECORD and sorts its files; undefined (with why) when it cannot be shared. */
async function planStore(request: StoreRequest): Promise<StorePlan | string> {
  const { identity, venv } = request;
  const sitePackages = identity.sitePackages;
  const distInfo = await findDistInfo(join(venv, sitePackages), identity.name, identity.version);
  if (!distInfo) return 'its .dist-info directory was not found';
  const record = parseRecord(await readFile(join(venv, sitePackages, distInfo, 'RECORD'), 'utf8'));
  const plan: StorePlan = { distInfo, record, files: [], scripts: [] };
  for (const line of record) {
    const path = posix.normalize(posix.join(sitePackages, line.path));
    if (posix.isAbsolute(line.path) || path.startsWith('../')) return `it installs ${line.path} outside the environment`;
    if (dirname(path) === posix.join(sitePackages, distInfo) && perEnvironmentFiles.has(basename(path))) continue;
    const stats = await lstat(join(venv, path)).catch(() => undefined);
    if (!stats?.isFile()) return `${path} from its RECORD is missing or not a regular file`;
    if (path.startsWith('bin/')) plan.scripts.push(path);
    else plan.files.push({ path, mode: stats.mode & 0o7777, bytes: stats.blocks * 512 });
  }
  return plan;
}

/**
 * Keeps one installed distribution in the store, linking the environment's own
 * files (no copy). The entry is written under `incoming/` and appears in
 * `entries/` by one rename, so a crash or an abort never leaves a half entry
 * that a later environment would link. Its files lose their write bits: they
 * are shared by every environment that links them.
 */
export async function storeDistribution(request: StoreRequest): Promise<StoreOutcome> {
  const { layout, identity, venv, signal } = request;
  const entry = entryDirectory(layout, identity);
  if (
    await lstat(entry).then(
      () => true,
      () => false,
    )
  )
    return { outcome: 'already-stored', entry };
  const plan = await planStore(request);
  if (typeof plan === 'string') return { outcome: 'not-storable', reason: plan };

  const incoming = join(layout.incoming, `${basename(entry)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  markIncomingStarted(incoming);
  try {
    const directories = new Set(plan.files.map((file) => dirname(join(incoming, 'files', file.path))));
    for (const script of plan.scripts) directories.add(dirname(join(incoming, 'scripts', script)));
    for (const directory of [...directories].sort()) await mkdir(directory, { recursive: true });
    await forEachInBatches(plan.files, signal, (file) => {
      const source = join(venv, file.path);
      chmodSync(source, file.mode & ~0o222);
      linkOrCopy(source, join(incoming, 'files', file.path));
    });
    const scripts: StoreManifest['scripts'] = [];
    for (const path of plan.scripts) {
      const content = await readFile(join(venv, path));
      const body = withoutShebang(content, request.python);
      await writeFile(join(incoming, 'scripts', path), body ?? content);
      scripts.push({ path, mode: (await lstat(join(venv, path))).mode & 0o777, namesInterpreter: body !== undefined });
    }
    const manifest: StoreManifest = {
      ...identity,
      distInfo: plan.distInfo,
      files: plan.files.map((file) => file.path),
      scripts,
      record: plan.record,
      bytes: plan.files.reduce((total, file) => total + file.bytes, 0),
    };
    await writeFile(join(incoming, manifestFileName), JSON.stringify(manifest));
    const summary: EntrySummary = { marker: markerFile(manifest), bytes: manifest.bytes };
    await writeFile(join(incoming, summaryFileName), JSON.stringify(summary));
    signal.throwIfAborted();
    await mkdir(dirname(entry), { recursive: true });
    try {
      await rename(incoming, entry);
      return { outcome: 'stored', entry };
    } catch (error) {
      // Another creation stored the same distribution first: its entry is as good as this one.
      if (['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) return { outcome: 'already-stored', entry };
      throw error;
    }
  } finally {
    await rm(incoming, { recursive: true, force: true });
    markIncomingDone(incoming);
  }
}
