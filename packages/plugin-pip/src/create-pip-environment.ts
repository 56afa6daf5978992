import { execFile } from 'node:child_process';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SetupFailure, type CreateContext, type CreateResult } from '@runtime-env/plugin-api';
import { resolveBaseInterpreter } from './base-interpreter.js';
import { listDistributionsInProcess } from './environment-listing.js';
import { allocatedBytesOf } from './environment-size.js';
import { storeAccessFor } from './environment-store-access.js';
import { installPackages } from './install-packages.js';
import { artifactCacheDirectories } from './installer/install-from-wheels.js';
import { wheelInstallerFor } from './installer/wheel-installer-access.js';
import { resolveInProcess } from './resolver/in-process-resolution.js';
import { lockedResolutionFor } from './lock/locked-resolution.js';
import { buildLock, listDistributionsScript, readInstallationReport, type VisibleDistributions } from './installation-lock.js';
import { pipChildEnvironment, runtimeEnvVariables } from './pip-child-environment.js';
import type { PipOptions } from './pip-options.js';
import { createDownloadTally, createPipProgressParser, type DownloadTally } from './pip-progress.js';
import type { PipSpec } from './pip-spec-schema.js';
import { pipKey } from './pip-key.js';
import { interpreterFacts, type InterpreterFacts } from './python-packaging/interpreter-facts.js';
import { pipSupportsReport, pipVersionOf } from './pip-version.js';
import { normalizeProjectName } from './requirement-lines.js';
import { expandRequirements } from './requirement-expansion.js';
import { writeRequirementFiles } from './requirement-files.js';
import { requirementNames } from './requirement-names.js';
import { runPip, throwIfAborted } from './run-pip.js';
import { sitePackagesOf } from './store/site-packages.js';
import { removeAbandonedWork, pruneUnlinkedEntries } from './store/prune-store.js';
import { storeNewDistributions } from './store-new-distributions.js';
import { verifyAgainstResolution } from './verify-resolution.js';
import { createVirtualEnvironment } from './virtual-environment.js';

const execFileAsync = promisify(execFile);

export { pipSupportsReport } from './pip-version.js';

export async function createPipEnvironment(spec: PipSpec, ctx: CreateContext<PipOptions>): Promise<CreateResult> {
  const started = Date.now();
  const phaseTimes: Record<string, number> = {};
  const timed = async <Value>(phase: string, work: () => Promise<Value>): Promise<Value> => {
    const phaseStarted = Date.now();
    try {
      return await work();
    } finally {
      phaseTimes[phase] = Date.now() - phaseStarted;
    }
  };
  ctx.progress({ phase: 'resolving', message: 'reading requirements' });
  const interpreter = await resolveBaseInterpreter(ctx.options.python, ctx.signal);
  const expanded = expandRequirements(spec.packages);
  const environmentVariables = runtimeEnvVariables(ctx.runtimeEnv);
  // The files were read again: if one changed since `hash`, this is not what the URI names.
  if (pipKey({ spec, expanded, interpreter, options: ctx.options, environmentVariables }) !== ctx.key) {
    throw SetupFailure.permanent('a requirements file, a local wheel or the base interpreter changed between resolving and creating the environment', {
      code: 'pip_inputs_changed',
      hint: 'run the command again: the environment will be resolved from the current files',
    });
  }
  const environment = pipChildEnvironment(ctx.runtimeEnv, ctx.options, ctx.pluginDirectory);
  const venvDirectory = join(ctx.directory, 'venv');

  // Gathered once per interpreter (then read from disk) while the venv is made: they let later steps run no Python.
  const factsReady = timed('interpreter_facts', () => packagingFactsOf(ctx, interpreter.executable));
  ctx.progress({ phase: 'creating', message: `virtual environment from Python ${interpreter.version}` });
  const venv = await timed('venv', () => createVirtualEnvironment(ctx, interpreter, venvDirectory, ctx.options.systemSitePackages, environment));
  let pip = venv.pip;
  const downloads = createDownloadTally();
  const onLine = createPipProgressParser(ctx.progress, downloads);
  const runOptions = { environment, cwd: ctx.directory, onLine };

  if (spec.pip_version) {
    ctx.progress({ phase: 'installing', message: `pip${spec.pip_version}` });
    await timed('pip_version', () => runPip(ctx, pip, ['install', `pip${spec.pip_version}`], { ...runOptions, step: `installing pip${spec.pip_version}` }));
    pip = { file: venv.python, prefix: ['-m', 'pip'] };
  }
  const requirementsPath = await writeRequirementFiles(ctx.directory, expanded);
  const pipVersion = spec.pip_version ? await pipVersionOf(pip, environment.env) : interpreter.pipVersion;
  const store = ctx.options.distributionStore ? await storeAccessFor(ctx.pluginDirectory, interpreter, venv, spec, environment.env) : undefined;
  if (store) await timed('store_cleanup', () => removeAbandonedWork(store.layout).then(() => pruneUnlinkedEntries(store.layout)));
  const facts = await factsReady;
  const installation = await timed('install', () =>
    installPackages({
      ctx,
      pip,
      runOptions,
      requirementsPath,
      installOptions: spec.pip_install_options ?? [],
      canReport: pipSupportsReport(pipVersion),
      requirementNames: requirementNames(expanded.lines),
      ...(store ? { store } : {}),
      // The one place that decides: the plugin's wheel installer, or pip alone.
      ...(store && ctx.options.installer === 'rtenv'
        ? { wheelInstaller: wheelInstallerFor(ctx, interpreter, pip, runOptions, spec, environment.env, downloads) }
        : {}),
      ...(store && ctx.options.installer === 'rtenv' && spec.lock && interpreter.pipVersion
        ? { lockedResolution: lockedResolutionFor(ctx, interpreter, spec.lock, facts) }
        : {}),
      // pip's view of installed distributions is the facts' only in a fresh venv without its own pip or a base environment's .pth.
      ...(store && ctx.options.installer === 'rtenv' && facts && !spec.lock && !spec.pip_version && interpreter.pipRunner && !interpreter.baseEnvironment
        ? {
            inProcessResolution: async () =>
              resolveInProcess({
                facts,
                environment: environment.env,
                installOptions: spec.pip_install_options ?? [],
                requirementsText: await readFile(requirementsPath, 'utf8'),
                cwd: ctx.directory,
                systemSitePackages: ctx.options.systemSitePackages,
                store,
                artifactCache: artifactCacheDirectories(ctx.pluginDirectory).artifactCache,
                signal: ctx.signal,
                onDownload: countDownload(ctx, downloads),
                onCollect: (project) => ctx.progress({ phase: 'collecting', message: project }),
              }),
          }
        : {}),
    }),
  );

  Object.assign(phaseTimes, installation.phaseMs);

  if (spec.pip_check) {
    ctx.progress({ phase: 'checking', message: 'pip check' });
    await timed('pip_check', () => runPip(ctx, pip, ['check'], { ...runOptions, step: 'checking dependencies' })).catch((error: unknown) => {
      throwIfAborted(ctx.signal);
      const problems = error instanceof Error ? error.message : String(error);
      throw SetupFailure.permanent(
        `"pip check" found broken dependencies: ${problems.replace(/^pip failed \(exit code \d+\) while checking dependencies: /, '')}`,
        {
          code: 'pip_check_failed',
          hint: 'add the missing or conflicting dependencies to the pip field, or set "pip_check": false',
        },
      );
    });
  }

  ctx.progress({ phase: 'locking', message: 'recording installed distributions' });
  const { own: installed, base } = await timed('lock', () => visibleDistributions(ctx, venv, facts, environment.env));
  if (installation.resolution && installation.linked.length > 0) verifyAgainstResolution(installed, installation.resolution);
  const lock = buildLock(installed, installation.reportPath ? await readInstallationReport(installation.reportPath) : new Map(), base);

  const linkedNames = new Set(installation.linked.map((distribution) => normalizeProjectName(distribution.name)));
  const storedCount =
    (installation.unpacked ?? 0) +
    (store && installation.resolution ? await timed('store', () => storeNewDistributions(ctx, store, installation.resolution ?? [], linkedNames)) : 0);
  // Linked files belong to the store entry (and to the environment that first installed them): counted there, not here.
  const sharedBytes = installation.linked
    .filter((distribution) => distribution.copiedFiles === 0 && !distribution.storedHere)
    .reduce((total, distribution) => total + distribution.bytes, 0);
  // The shared files are skipped by the walk rather than measured and subtracted: the same figure, a tenth of the system calls.
  const sharedFiles = new Set(
    installation.linked
      .filter((distribution) => distribution.copiedFiles === 0 && !distribution.storedHere && distribution.files)
      // Concatenated as `allocatedBytesOf` names what it walks (`join`, thousands of times, cost several milliseconds).
      .flatMap((distribution) => (distribution.files ?? []).map((file) => `${venvDirectory}/${file}`)),
  );
  const unwalkedSharedBytes = installation.linked
    .filter((distribution) => distribution.copiedFiles === 0 && !distribution.storedHere && !distribution.files)
    .reduce((total, distribution) => total + distribution.bytes, 0);
  const sizeBytes = Math.max(0, (await timed('size', () => allocatedBytesOf(ctx.directory, ctx.signal, sharedFiles))) - unwalkedSharedBytes);
  ctx.logger.info(
    `pip environment ready: ${installed.length} distributions (${installation.linked.length} linked from the store, ${storedCount} added to it), ${sizeBytes} bytes of its own`,
    {
      phaseMs: phaseTimes,
      totalMs: Date.now() - started,
    },
  );
  return {
    sizeBytes,
    lock,
    details: {
      venv: venvDirectory,
      python: venv.python,
      baseInterpreter: interpreter.executable,
      pythonVersion: interpreter.version,
      phaseMs: phaseTimes,
      store: {
        linkedDistributions: installation.linked.map((distribution) => distribution.name),
        linkedBytes: sharedBytes,
        copiedFiles: installation.linked.reduce((total, distribution) => total + distribution.copiedFiles, 0),
        storedDistributions: storedCount,
      },
    },
  };
}

async function packagingFactsOf(ctx: CreateContext<PipOptions>, executable: string): Promise<InterpreterFacts | undefined> {
  try {
    return await interpreterFacts(executable, join(ctx.pluginDirectory, 'interpreter-facts'), ctx.signal);
  } catch (error) {
    throwIfAborted(ctx.signal);
    ctx.logger.debug(`no packaging facts for ${executable}, Python answers each question instead: ${(error as Error).message}`);
    return undefined;
  }
}

/** The environment's distributions and the base interpreter's it sees: read in process where that is exact, else listed by its Python. */
async function visibleDistributions(
  ctx: CreateContext<PipOptions>,
  venv: { directory: string; python: string },
  facts: InterpreterFacts | undefined,
  env: Readonly<Record<string, string>>,
): Promise<VisibleDistributions> {
  const sitePackages = await sitePackagesOf(venv.directory);
  const inProcess =
    facts && sitePackages && facts.executable === (await realpath(venv.python).catch(() => undefined))
      ? await listDistributionsInProcess(join(venv.directory, sitePackages), facts, ctx.options.systemSitePackages, env)
      : undefined;
  if (inProcess) return inProcess;
  const { stdout } = await execFileAsync(venv.python, ['-c', listDistributionsScript], { env: { ...env }, signal: ctx.signal });
  return JSON.parse(stdout) as VisibleDistributions;
}

/** Progress for a wheel the resolver downloads to read its metadata: counted once, and the installer then takes it from the cache. */
function countDownload(ctx: CreateContext<PipOptions>, tally: DownloadTally): (fileName: string, bytesDone: number, bytesTotal: number | undefined) => void {
  const reported = new Map<string, number>();
  return (fileName, bytesDone, bytesTotal) => {
    const before = reported.get(fileName);
    if (before === undefined) {
      if (tally.counted.has(fileName)) return;
      tally.counted.add(fileName);
      tally.bytesTotal += bytesTotal ?? 0;
    }
    const last = before ?? 0;
    tally.bytesDone += bytesDone - last;
    if (bytesTotal === undefined) tally.bytesTotal += bytesDone - last;
    reported.set(fileName, bytesDone);
    ctx.progress({ phase: 'downloading', message: fileName, bytesDone: tally.bytesDone, bytesTotal: tally.bytesTotal });
  };
}
