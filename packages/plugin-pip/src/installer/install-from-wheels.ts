import { basename, join } from 'node:path';
import type { CreateContext } from '@runtime-env/plugin-api';
import { SetupFailure } from '@runtime-env/plugin-api';
import { UnsafeArchiveError } from '@runtime-env/safe-extract';
import type { LinkedDistribution, StoreAccess } from '../store/store-access.js';
import type { DownloadTally } from '../pip-progress.js';
import { normalizeProjectName } from '../requirement-lines.js';
import { linkDistribution } from '../store/link-distribution.js';
import type { ResolvedDistribution } from '../store/resolution-report.js';
import type { EntryIdentity } from '../store/store-layout.js';
import { storedEntryOf } from '../store/stored-entries.js';
import { readManifest } from '../store/store-manifest.js';
import { entryFromWheel, WheelNotInstallable } from './entry-from-wheel.js';
import { wheelFromSdist } from './sdist-wheels.js';
import { ArtifactHashMismatch, fetchArtifact } from './wheel-source.js';

/** What the wheel installer needs besides the store: the interpreter that compiles, caches, and pip for sdists. */
export interface WheelInstallerAccess {
  /** The base interpreter's executable: same version as the environment's, so its `.pyc` files are the environment's. */
  python: string;
  /** `3.11`. */
  pythonVersion: string;
  environment: Readonly<Record<string, string>>;
  /** The creation's download bytes, shared with pip's runs: a file pip already counted is not counted again. */
  downloads: DownloadTally;
  /** `<plugin>/artifact-cache`: wheels and sdists downloaded over HTTP, by sha256. */
  artifactCache: string;
  /** `<plugin>/built-wheels`: wheels built from sdists, by the sdist's sha256. */
  builtWheels: string;
  /** Runs `pip wheel --no-deps -w <outputDirectory> <sdist>`. */
  buildWheel(sdistPath: string, outputDirectory: string): Promise<void>;
}

export interface WheelInstallation {
  linked: LinkedDistribution[];
  /** Left for pip: named by URL or path, without a hash, or a wheel this installer refused (logged). */
  leftForPip: ResolvedDistribution[];
  /** Entries this creation added to the store (unpacked wheels). */
  unpacked: number;
}

function isWheelUrl(url: string): boolean {
  return url.replace(/[#?].*$/, '').endsWith('.whl');
}

/**
 * Installs every resolved distribution it can without pip: the wheel (from the
 * index URL pip resolved, its sha256 checked) is unpacked once into the
 * distribution store, and the entry hard-linked into the environment. An sdist
 * is built into a wheel once by pip, cached by the sdist's hash. What it cannot
 * take (direct references, unhashed artifacts, refused wheels) is returned for
 * pip, which installs it pinned.
 */
export async function installFromWheels(
  ctx: CreateContext<unknown>,
  store: StoreAccess,
  installer: WheelInstallerAccess,
  resolution: readonly ResolvedDistribution[],
): Promise<WheelInstallation> {
  const result: WheelInstallation = { linked: [], leftForPip: [], unpacked: 0 };
  const tally = installer.downloads;
  const plans = await Promise.all(resolution.map((distribution) => planOf(store, distribution)));
  // Entries to make go first, and linking stored ones waits until each is unpacked (its bytecode then compiles in
  // another process, overlapping the links): thousands of synchronous links would otherwise hold up every step of
  // unpacking a small wheel, which became the longest part of a warm creation.
  const making = plans.filter((plan) => plan.identity && !plan.entry);
  const unpacking = countdown(making.length);
  const ordered = [...making, ...plans.filter((plan) => !making.includes(plan))];
  // A few at a time: linking a stored entry (file system calls) overlaps unpacking and compiling a new one (another process).
  await forEachConcurrently(ordered, 3, async ({ distribution, identity, entry: storedEntry }) => {
    const label = `${distribution.name}==${distribution.version}`;
    if (!identity || !distribution.url || !distribution.sha256) {
      result.leftForPip.push(distribution);
      return;
    }
    const wheel = isWheelUrl(distribution.url);
    let unpacked = false;
    const markUnpacked = (): void => {
      if (!unpacked && !storedEntry) unpacking.done();
      unpacked = true;
    };
    try {
      ctx.signal.throwIfAborted();
      let entry = storedEntry;
      let storedHere = false;
      if (entry) await unpacking.finished;
      else {
        const fileName = basename(new URL(distribution.url).pathname);
        // pip downloaded it while resolving (and counted it): fetching it again adds nothing to the creation's total.
        const counts = !tally.counted.has(fileName);
        tally.counted.add(fileName);
        let lastReported = 0;
        const artifact = await fetchArtifact({
          url: distribution.url,
          sha256: distribution.sha256,
          cacheDirectory: installer.artifactCache,
          signal: ctx.signal,
          onBytes: (done, total) => {
            if (!counts) return;
            if (lastReported === 0) tally.bytesTotal += total ?? 0;
            tally.bytesDone += done - lastReported;
            // A server that sent no length: the total grows with what arrived, so it never falls behind.
            if (total === undefined) tally.bytesTotal += done - lastReported;
            lastReported = done;
            ctx.progress({ phase: 'downloading', message: fileName, bytesDone: tally.bytesDone, bytesTotal: tally.bytesTotal });
          },
        });
        let wheelPath = artifact.path;
        if (!wheel) {
          ctx.progress({ phase: 'building', message: `${label} (once, from its sdist)` });
          wheelPath = (await wheelFromSdist(installer.builtWheels, artifact.sha256, (output) => installer.buildWheel(artifact.path, output))).path;
        }
        ctx.progress({ phase: 'installing', message: `${label} (unpacking into the store)` });
        const made = await entryFromWheel({
          layout: store.layout,
          identity,
          wheelPath,
          python: installer.python,
          pythonVersion: installer.pythonVersion,
          environment: installer.environment,
          signal: ctx.signal,
          onUnpacked: markUnpacked,
        });
        if (made.created) result.unpacked += 1;
        storedHere = made.created;
        entry = made.entry;
      }
      ctx.progress({ phase: 'linking', message: `${label} from the store` });
      const manifest = await readManifest(entry);
      const { copiedFiles } = await linkDistribution({
        entry,
        manifest,
        venv: store.venv,
        python: store.python,
        requested: distribution.requested,
        signal: ctx.signal,
      });
      result.linked.push({ name: distribution.name, bytes: manifest.bytes, copiedFiles, storedHere, files: manifest.files });
    } catch (error) {
      ctx.signal.throwIfAborted();
      if (error instanceof ArtifactHashMismatch) {
        throw SetupFailure.permanent(`${label}: ${error.message}`, {
          code: 'pip_hash_mismatch',
          hint: "the index serves a file other than the one it lists: fix the index, or remove the stale file from the plugin's artifact-cache",
        });
      }
      if (error instanceof UnsafeArchiveError) {
        // pip would refuse it as well: a wheel writing outside its target is hostile or broken, never installed.
        throw SetupFailure.permanent(`${label}: the wheel is unsafe to unpack: ${error.message}`, {
          code: 'pip_unsafe_wheel',
          hint: 'the index serves a malformed or hostile wheel; remove it from the index or pin another version',
        });
      }
      if (error instanceof SetupFailure) throw error;
      const why = error instanceof WheelNotInstallable ? `the wheel installer refused it: ${error.message}` : (error as Error).message;
      ctx.logger.warn(`${label} is installed by pip instead: ${why}`);
      result.leftForPip.push(distribution);
    } finally {
      markUnpacked();
    }
  });
  // In the resolution's order, whatever order they finished in.
  const order = new Map(resolution.map((distribution, index) => [distribution.name, index]));
  result.linked.sort((left, right) => (order.get(left.name) ?? 0) - (order.get(right.name) ?? 0));
  result.leftForPip.sort((left, right) => (order.get(left.name) ?? 0) - (order.get(right.name) ?? 0));
  if (result.linked.length > 0) {
    const names = result.linked.map((linked) => `${linked.name}-${resolution.find((item) => item.name === linked.name)?.version ?? ''}`).join(' ');
    ctx.progress({ phase: 'installed', message: names });
    // pip's summary line, which people search setup logs for.
    ctx.logger.info(`Successfully installed ${names} (wheel installer: ${result.unpacked} unpacked into the store, ${result.linked.length} linked)`);
  }
  return result;
}

interface InstallPlan {
  distribution: ResolvedDistribution;
  /** Undefined when the installer does not take it (named by URL or path, or unhashed): pip installs it. */
  identity?: EntryIdentity;
  /** Its store entry, when the store holds it already. */
  entry?: string;
}

async function planOf(store: StoreAccess, distribution: ResolvedDistribution): Promise<InstallPlan> {
  if (distribution.isDirect || !distribution.sha256 || !distribution.url) return { distribution };
  const identity: EntryIdentity = {
    name: normalizeProjectName(distribution.name),
    version: distribution.version,
    // A wheel built here from an sdist is keyed by the sdist: what was resolved.
    wheelSha256: isWheelUrl(distribution.url) ? distribution.sha256 : `sdist-${distribution.sha256}`,
    ...store.environment,
  };
  const entry = await storedEntryOf(store.layout, identity);
  return { distribution, identity, ...(entry ? { entry } : {}) };
}

/** Resolves `finished` once `done` was called `count` times (at once for 0). */
function countdown(count: number): { done(): void; finished: Promise<void> } {
  let left = count;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  if (left === 0) finish();
  return {
    done() {
      left -= 1;
      if (left === 0) finish();
    },
    finished,
  };
}

/** Runs `work` over `items` with at most `limit` running at once; the first failure is thrown once all have settled. */
async function forEachConcurrently<Item>(items: readonly Item[], limit: number, work: (item: Item) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++] as Item;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

export function artifactCacheDirectories(pluginDirectory: string): { artifactCache: string; builtWheels: string } {
  return { artifactCache: join(pluginDirectory, 'artifact-cache'), builtWheels: join(pluginDirectory, 'built-wheels') };
}
