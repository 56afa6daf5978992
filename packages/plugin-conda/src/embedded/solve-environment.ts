import { SetupFailure } from '@runtime-env/plugin-api';
import type { VirtualPackage } from './machine-platform.js';
import type { SolvedCondaPackage } from './solved-package.js';

type Rattler = typeof import('@conda-org/rattler');
let rattlerModule: Promise<Rattler> | undefined;

/** Loads the WASM solver once, on first use: it costs ~3 MB and a compile. */
function loadRattler(): Promise<Rattler> {
  rattlerModule ??= import('@conda-org/rattler');
  return rattlerModule;
}

/**
 * Solves `matchSpecs` against the channels with rattler's resolvo solver. The
 * WASM binding takes no virtual packages, so they are passed as already-installed
 * ("locked") records: the solver may then pick them and nothing else provides them.
 */
export async function solveEnvironment(request: {
  matchSpecs: readonly string[];
  channels: readonly string[];
  subdir: string;
  virtualPackages: readonly VirtualPackage[];
}): Promise<SolvedCondaPackage[]> {
  const { simpleSolve } = await loadRattler();
  const locked = request.virtualPackages.map((virtual) => ({
    url: `virtual:///${virtual.name}-${virtual.version}-${virtual.build}.conda`,
    packageName: virtual.name,
    version: virtual.version,
    build: virtual.build,
    buildNumber: 0,
    filename: `${virtual.name}-${virtual.version}-${virtual.build}.conda`,
    subdir: request.subdir,
    depends: [],
  }));
  let solved: Awaited<ReturnType<Rattler['simpleSolve']>>;
  try {
    solved = await simpleSolve([...request.matchSpecs], [...request.channels], [request.subdir, 'noarch'] as Parameters<Rattler['simpleSolve']>[2], locked);
  } catch (error) {
    throw classifySolveError(error instanceof Error ? error.message : String(error), request);
  }
  return solved
    .filter((record) => !record.packageName.startsWith('__'))
    .map((record) => ({
      name: record.packageName,
      version: record.version,
      build: record.build,
      buildNumber: Number(record.buildNumber ?? 0n),
      channel: (record.repoName ?? new URL('..', new URL('.', record.url)).href).replace(/\/+$/, ''),
      subdir: record.subdir ?? request.subdir,
      url: record.url,
      fileName: record.filename,
      ...(record.md5 ? { md5: record.md5 } : {}),
      ...(record.sha256 ? { sha256: record.sha256 } : {}),
      ...(record.size === undefined ? {} : { size: Number(record.size) }),
      depends: record.depends ?? [],
    }));
}

function classifySolveError(message: string, request: { matchSpecs: readonly string[]; channels: readonly string[] }): SetupFailure {
  const channels = request.channels.join(', ');
  if (message.startsWith('Cannot solve the request')) {
    return SetupFailure.permanent(
      `the conda dependencies cannot be satisfied from ${channels}:\n${message.replace(/^Cannot solve the request because of:\s*/, '').trimEnd()}`,
      {
        code: 'conda_unsatisfiable',
        hint: 'relax the conflicting version constraints in conda.dependencies, or add a channel that has the missing packages',
      },
    );
  }
  if (/unable to parse|invalid (match ?spec|version|bracket)|parse/i.test(message)) {
    return SetupFailure.permanent(`a conda dependency is not a valid match spec: ${message} (dependencies: ${request.matchSpecs.join(', ')})`, {
      code: 'conda_invalid_match_spec',
      hint: 'write each dependency as a match spec such as "numpy >=1.20,<2" or "python=3.11"',
    });
  }
  if (/could not find subdir|404|not found/i.test(message)) {
    return SetupFailure.permanent(`a conda channel does not exist or has no repodata: ${message}`, {
      code: 'conda_channel_not_found',
      hint: `check the channel names and URLs (${channels})`,
    });
  }
  return SetupFailure.transient(`could not read the conda channels ${channels}: ${message}`, {
    code: 'conda_channel_unreachable',
    hint: 'check that the channels are reachable from this node (network, proxy, channel_alias)',
  });
}
