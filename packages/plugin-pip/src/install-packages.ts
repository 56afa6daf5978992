import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreateContext } from '@runtime-env/plugin-api';
import { installFromWheels, type WheelInstallerAccess } from './installer/install-from-wheels.js';
import { linkDistribution } from './store/link-distribution.js';
import { readResolution, type ResolvedDistribution } from './store/resolution-report.js';
import { identityOf, storedEntryOf, storedProjectNames } from './store/stored-entries.js';
import type { LinkedDistribution, StoreAccess } from './store/store-access.js';
import { readManifest } from './store/store-manifest.js';
import { normalizeProjectName } from './requirement-lines.js';
import { runPip, type PipCommand, type PipRunOptions } from './run-pip.js';
import type { InProcessResolution } from './resolver/in-process-resolution.js';

export type { LinkedDistribution, StoreAccess };

export interface InstallRequest {
  ctx: CreateContext<unknown>;
  pip: PipCommand;
  runOptions: Omit<PipRunOptions, 'step'>;
  requirementsPath: string;
  /** The field's `pip_install_options`, given to every pip run so each sees the same index and rules. */
  installOptions: readonly string[];
  /** pip knows `--report` and `--dry-run` (22.2 and later). */
  canReport: boolean;
  /** Names the requirement lines give directly, to skip the store when it holds none of them. */
  requirementNames: readonly string[];
  store?: StoreAccess;
  /** Set: wheels are installed by the plugin's own installer (through the store), pip only resolves. */
  wheelInstaller?: WheelInstallerAccess;
  /** Set with a lock file (`pylock.toml`): the resolution is the lock's, pip does not resolve at all. */
  lockedResolution?: () => Promise<ResolvedDistribution[]>;
  /** Set where the in-process resolver may answer: pip's answer without pip, or why pip must resolve. */
  inProcessResolution?: () => Promise<InProcessResolution>;
}

export interface PackageInstallation {
  /** A `--report` covering every distribution installed (absent when pip is too old to write one). */
  reportPath?: string;
  /** The resolution, when known: what the environment's own site-packages must hold. */
  resolution?: ResolvedDistribution[];
  linked: LinkedDistribution[];
  /** Milliseconds of each step on the store path (`resolve`, `link`, `install_missing`), for the log. */
  phaseMs?: Record<string, number>;
  /** Store entries the wheel installer unpacked in this creation (already stored: nothing left to store). */
  unpacked?: number;
}

/**
 * Installs the requirements, linking from the store whatever it already holds.
 * The resolution comes from `pip install --dry-run --report` with the same
 * requirements and options (pip decides, so the result is what `pip install`
 * would give); stored distributions are linked while pip installs only the
 * rest, pinned to the resolved version and wheel hash with `--no-deps`. Where the
 * store holds none of the named projects, this is one plain `pip install`.
 */
export async function installPackages(request: InstallRequest): Promise<PackageInstallation> {
  const { ctx, pip, runOptions, store } = request;
  const installReport = join(runOptions.cwd, 'install-report.json');
  const fullInstall = async (): Promise<PackageInstallation & { linked: [] }> => {
    const reportArgs = request.canReport ? ['--report', installReport] : [];
    await runPip(ctx, pip, ['install', '-r', request.requirementsPath, ...reportArgs, ...request.installOptions], {
      ...runOptions,
      step: 'installing the packages',
    });
    if (!request.canReport) return { linked: [] };
    return { reportPath: installReport, resolution: await readResolution(installReport), linked: [] };
  };
  if (!store || !request.canReport) return fullInstall();
  if (request.wheelInstaller) return installWithOwnInstaller(request, store, request.wheelInstaller, fullInstall);
  const projectsInStore = await storedProjectNames(store.layout);
  if (!request.requirementNames.some((name) => projectsInStore.has(name))) return fullInstall();

  const phaseMs: Record<string, number> = {};
  let phaseStarted = Date.now();
  const endPhase = (phase: string): void => {
    phaseMs[phase] = Date.now() - phaseStarted;
    phaseStarted = Date.now();
  };
  ctx.progress({ phase: 'resolving', message: 'pip install --dry-run' });
  const resolutionReport = join(runOptions.cwd, 'resolution-report.json');
  await runPip(ctx, pip, ['install', '--dry-run', '-r', request.requirementsPath, '--report', resolutionReport, ...request.installOptions], {
    ...runOptions,
    step: 'resolving the packages',
  });
  const resolution = await readResolution(resolutionReport);
  endPhase('resolve');
  const stored = await storedCandidates(store, resolution);
  const storedNames = new Set(stored.map(({ distribution }) => normalizeProjectName(distribution.name)));
  const missing = resolution.filter((distribution) => !storedNames.has(normalizeProjectName(distribution.name)));
  if (missing.some((distribution) => distribution.isDirect || !distribution.sha256)) {
    // A URL, path or unhashed artifact cannot be pinned by version and hash: pip resolves again, with the linked distributions installed.
    const linked = await linkStoredDistributions(ctx, store, stored);
    endPhase('link');
    await fullInstall();
    endPhase('install_missing');
    return { reportPath: resolutionReport, resolution, linked, phaseMs };
  }
  const pinnedInstall = async (distributions: readonly ResolvedDistribution[], name: string): Promise<void> => {
    if (distributions.length === 0) return;
    const pinnedPath = join(runOptions.cwd, `${name}.txt`);
    await writeFile(
      pinnedPath,
      `${distributions.map((distribution) => `${distribution.name}==${distribution.version} --hash=sha256:${distribution.sha256}`).join('\n')}\n`,
    );
    await runPip(ctx, pip, ['install', '--no-deps', '-r', pinnedPath, ...request.installOptions], {
      ...runOptions,
      step: 'installing the packages the store does not hold',
    });
  };
  // pip installs what the store lacks while the rest is linked: with --no-deps it neither reads nor checks the other distributions.
  const [linking, installing] = await Promise.allSettled([linkStoredDistributions(ctx, store, stored), pinnedInstall(missing, 'pinned-requirements')]);
  if (linking.status === 'rejected') throw linking.reason;
  if (installing.status === 'rejected') throw installing.reason;
  const linked = linking.value;
  endPhase('link_and_install_missing');
  const linkedNames = new Set(linked.map((distribution) => normalizeProjectName(distribution.name)));
  // An entry pruned while it was being linked: pip installs that distribution after all.
  await pinnedInstall(
    stored.map(({ distribution }) => distribution).filter((distribution) => !linkedNames.has(normalizeProjectName(distribution.name))),
    'pinned-requirements-unlinked',
  );
  return { reportPath: resolutionReport, resolution, linked, phaseMs };
}

/**
 * pip resolves (`--dry-run --report`, so the versions and files are exactly
 * pip's); the plugin's installer installs every wheel and sdist it can through
 * the store; pip installs only what is left, pinned with `--no-deps`, or the
 * full requirements when something left cannot be pinned (a URL or a path).
 */
async function installWithOwnInstaller(
  request: InstallRequest,
  store: StoreAccess,
  installer: WheelInstallerAccess,
  fullInstall: () => Promise<PackageInstallation>,
): Promise<PackageInstallation> {
  const { ctx, pip, runOptions } = request;
  const phaseMs: Record<string, number> = {};
  let phaseStarted = Date.now();
  const endPhase = (phase: string): void => {
    phaseMs[phase] = Date.now() - phaseStarted;
    phaseStarted = Date.now();
  };
  const resolutionReport = join(runOptions.cwd, 'resolution-report.json');
  if (request.lockedResolution) {
    ctx.progress({ phase: 'resolving', message: 'from the lock file (no resolution)' });
    await writeFile(resolutionReport, JSON.stringify(reportOf(await request.lockedResolution())));
  } else {
    const inProcess = request.inProcessResolution ? await request.inProcessResolution() : undefined;
    if (inProcess && 'resolution' in inProcess) {
      ctx.progress({ phase: 'resolving', message: 'resolved in process, as pip would' });
      ctx.logger.info(
        `resolved in process (pip's choices, without running pip): ${inProcess.resolution.map((item) => `${item.name}==${item.version}`).join(' ')}`,
      );
      await writeFile(resolutionReport, JSON.stringify(reportOf(inProcess.resolution)));
    } else {
      if (inProcess) ctx.logger.info(`pip resolves: ${inProcess.fallback}`);
      ctx.progress({ phase: 'resolving', message: 'pip install --dry-run' });
      await runPip(ctx, pip, ['install', '--dry-run', '-r', request.requirementsPath, '--report', resolutionReport, ...request.installOptions], {
        ...runOptions,
        step: 'resolving the packages',
      });
    }
  }
  const resolution = await readResolution(resolutionReport);
  endPhase('resolve');
  const installed = await installFromWheels(ctx, store, installer, resolution);
  endPhase('install_wheels');
  const left = installed.leftForPip;
  if (left.some((distribution) => distribution.isDirect || !distribution.sha256)) await fullInstall();
  else if (left.length > 0) {
    const pinnedPath = join(runOptions.cwd, 'pinned-requirements.txt');
    await writeFile(
      pinnedPath,
      `${left.map((distribution) => `${distribution.name}==${distribution.version} --hash=sha256:${distribution.sha256}`).join('\n')}\n`,
    );
    await runPip(ctx, pip, ['install', '--no-deps', '-r', pinnedPath, ...request.installOptions], {
      ...runOptions,
      step: 'installing the packages the wheel installer left to pip',
    });
  }
  if (left.length > 0) endPhase('install_left_to_pip');
  return { reportPath: resolutionReport, resolution, linked: installed.linked, phaseMs, unpacked: installed.unpacked };
}

/** A locked resolution in the form of pip's `--report`, so the lock, the store and the checks read it as they read pip's. */
function reportOf(resolution: readonly ResolvedDistribution[]): { version: string; install: unknown[] } {
  return {
    version: '1',
    install: resolution.map((distribution) => ({
      metadata: { name: distribution.name, version: distribution.version },
      is_direct: false,
      requested: distribution.requested,
      download_info: { url: distribution.url, archive_info: { hashes: { sha256: distribution.sha256 } } },
    })),
  };
}

interface StoredCandidate {
  distribution: ResolvedDistribution;
  entry: string;
}

async function storedCandidates(store: StoreAccess, resolution: readonly ResolvedDistribution[]): Promise<StoredCandidate[]> {
  const candidates: StoredCandidate[] = [];
  for (const distribution of resolution) {
    const identity = identityOf(distribution, store.environment);
    const entry = identity && (await storedEntryOf(store.layout, identity));
    if (entry) candidates.push({ distribution, entry });
  }
  return candidates;
}

async function linkStoredDistributions(ctx: CreateContext<unknown>, store: StoreAccess, candidates: readonly StoredCandidate[]): Promise<LinkedDistribution[]> {
  const linked: LinkedDistribution[] = [];
  for (const { distribution, entry } of candidates) {
    ctx.progress({ phase: 'linking', message: `${distribution.name}==${distribution.version} from the store` });
    try {
      const manifest = await readManifest(entry);
      const { copiedFiles } = await linkDistribution({
        entry,
        manifest,
        venv: store.venv,
        python: store.python,
        requested: distribution.requested,
        signal: ctx.signal,
      });
      linked.push({ name: distribution.name, bytes: manifest.bytes, copiedFiles, files: manifest.files });
    } catch (error) {
      ctx.signal.throwIfAborted();
      // The entry went away (pruned) or is unreadable: pip installs this one instead.
      ctx.logger.warn(`could not link ${distribution.name}==${distribution.version} from the store, pip installs it instead: ${(error as Error).message}`);
    }
  }
  return linked;
}
