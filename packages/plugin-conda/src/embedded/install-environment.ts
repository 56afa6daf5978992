import { join } from 'node:path';
import type { ProgressUpdate, PluginLogger } from '@runtime-env/plugin-api';
import { appendHistory, writePrefixRecord } from './conda-meta.js';
import { ContainedRoot } from '@runtime-env/safe-extract';
import { linkOrder } from './link-order.js';
import { linkPackage, type LinkCounters } from './link-package.js';
import { machineVirtualPackages } from './machine-platform.js';
import { PackageCache } from './package-cache.js';
import { readPackageInfo } from './package-info.js';
import { requestedSpecFor } from './requested-spec.js';
import { createConcurrencyLimiter } from './concurrency-limiter.js';
import { solveEnvironment } from './solve-environment.js';
import { packageStem, type SolvedCondaPackage } from './solved-package.js';

export interface EmbeddedInstallRequest {
  prefix: string;
  packageCacheDirectory: string;
  matchSpecs: readonly string[];
  channels: readonly string[];
  subdir: string;
  downloadConcurrency: number;
  signal: AbortSignal;
  progress: (update: ProgressUpdate) => void;
  logger: PluginLogger;
}

export interface EmbeddedInstallResult {
  packages: SolvedCondaPackage[];
  pythonShortVersion: string | undefined;
  statistics: {
    downloaded: number;
    reused: number;
    downloadedBytes: number;
    hardlinked: number;
    copied: number;
    solveMs: number;
    downloadMs: number;
    linkMs: number;
  };
}

/** Solves, fetches into the shared package cache, and links every package into the prefix. */
export async function installEnvironment(request: EmbeddedInstallRequest): Promise<EmbeddedInstallResult> {
  const { signal, progress, logger } = request;
  progress({ phase: 'resolving', message: `solving ${request.matchSpecs.length} specs against ${request.channels.join(', ')}` });
  const solveStart = performance.now();
  const packages = linkOrder(
    await solveEnvironment({ matchSpecs: request.matchSpecs, channels: request.channels, subdir: request.subdir, virtualPackages: machineVirtualPackages() }),
  );
  const solveMs = performance.now() - solveStart;
  signal.throwIfAborted();
  logger.info(`solved ${packages.length} packages`, { packages: packages.map(packageStem) });

  const cache = new PackageCache(request.packageCacheDirectory);
  await cache.removeAbandonedPartials();
  const missing = new Set<SolvedCondaPackage>();
  for (const solved of packages) if (!(await cache.has(solved))) missing.add(solved);
  const bytesTotal = [...missing].reduce((sum, solved) => sum + (solved.size ?? 0), 0);
  let bytesDone = 0;
  progress({ phase: 'downloading', message: `${missing.size} of ${packages.length} packages to download`, bytesDone, bytesTotal });

  // Downloads run while cached packages are already being linked: a mostly cached
  // environment waits only for its few new packages, not for a download phase.
  const downloads = new AbortController();
  const downloadSignal = AbortSignal.any([signal, downloads.signal]);
  const limit = createConcurrencyLimiter(request.downloadConcurrency);
  const downloadStart = performance.now();
  let downloadMs = 0;
  const ready = new Map(
    [...missing].map((solved) => {
      const promise = limit(async () => {
        downloadSignal.throwIfAborted();
        await cache.ensure(solved, downloadSignal, (count) => {
          bytesDone += count;
          progress({ phase: 'downloading', message: solved.fileName, bytesDone, bytesTotal });
        });
        downloadMs = performance.now() - downloadStart;
        logger.debug(`cached ${solved.fileName}`);
      });
      promise.catch(() => undefined);
      return [solved, promise] as const;
    }),
  );

  const pythonShortVersion = packages
    .find((solved) => solved.name === 'python')
    ?.version.split('.')
    .slice(0, 2)
    .join('.');
  const counters: LinkCounters = { hardlinked: 0, copied: 0 };
  const prefixRoot = new ContainedRoot(request.prefix);
  const linkStart = performance.now();
  let waitedMs = 0;
  try {
    for (const [index, solved] of packages.entries()) {
      const waitStart = performance.now();
      await ready.get(solved);
      waitedMs += performance.now() - waitStart;
      signal.throwIfAborted();
      progress({ phase: 'linking', message: `${packageStem(solved)} (${index + 1}/${packages.length})` });
      const packageDirectory = cache.entryPath(solved);
      const info = await readPackageInfo(packageDirectory);
      const linked = await linkPackage({ packageDirectory, info, prefixRoot, pythonShortVersion, packageName: solved.name, signal }, counters);
      await writePrefixRecord(prefixRoot, solved, info, linked, packageDirectory, requestedSpecFor(solved.name, request.matchSpecs));
    }
  } catch (error) {
    // Stop the other downloads and wait for them to remove their partial folders before reporting.
    downloads.abort();
    await Promise.allSettled(ready.values());
    throw error;
  }
  await appendHistory(prefixRoot, packages, request.matchSpecs);
  // Linking overlaps downloading, so its time excludes the waits for downloads.
  const linkMs = performance.now() - linkStart - waitedMs;
  logger.info(`linked ${packages.length} packages`, { hardlinked: counters.hardlinked, copied: counters.copied });
  return {
    packages,
    pythonShortVersion,
    statistics: { downloaded: missing.size, reused: packages.length - missing.size, downloadedBytes: bytesDone, ...counters, solveMs, downloadMs, linkMs },
  };
}

export const packageCacheFolder = (pluginDirectory: string) => join(pluginDirectory, 'pkgs');
