import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { MarkerEnvironment } from './markers.js';

/** A distribution installed where the base interpreter looks (its site-packages, its user site). */
export interface BaseDistribution {
  /** As its metadata spells it. */
  name: string;
  version: string;
  /** The folder on `sys.path` it was found in. */
  location: string;
  /** Its `Requires-Dist` lines, as pip reads them. */
  requires: string[];
  /** Its extras, as pip's `iter_provided_extras` gives them. */
  extras: string[];
}

/** What the base interpreter tells about itself, for deciding in process what pip's `packaging` would decide. */
export interface InterpreterFacts {
  executable: string;
  /** `3.11.7`. */
  version: string;
  /** `packaging.tags.sys_tags()`, most preferred first (`cp311-cp311-manylinux_2_36_x86_64`). */
  tags: string[];
  /** pip's own list, `compatibility_tags.get_supported()`, which its finder ranks wheels by. */
  pipTags: string[];
  markerEnvironment: MarkerEnvironment;
  /** The folders on `sys.path` (in order, without the script's own), whose distributions an environment with system site packages sees. */
  paths: string[];
  /** Every distribution on those folders, in `sys.path` order (duplicates kept: each reader dedupes as it does). */
  distributions: BaseDistribution[];
  /** The folders of `paths` an environment without system site packages still has (the standard library's). */
  standardPaths: string[];
  /** pip's configuration files' settings (`section.key`, value), without `PIP_*` variables, as pip merged them. */
  pipConfiguration: [string, string][];
  /** `HOME` when the facts were gathered: the user site folder depends on it. */
  home: string | null;
}

// pip's own vendored packaging and metadata reader answer, so the facts are exactly pip's.
const factsScript = `
import json, os, site, sys, sysconfig
from pip._vendor.packaging.markers import default_environment
from pip._vendor.packaging.tags import sys_tags
from pip._internal.utils.compatibility_tags import get_supported
from pip._internal.metadata.importlib._dists import Distribution
from importlib import metadata
from pip._internal.configuration import Configuration
configuration = Configuration(isolated=False)
configuration.load()
config_files = [path for _, paths in configuration.iter_config_files() for path in paths]
paths = [p for p in sys.path if p and not p.endswith(".zip")]
standard = {sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib"), os.path.join(sysconfig.get_path("platstdlib"), "lib-dynload")}
distributions = []
for location in paths:
    for found in metadata.distributions(path=[location]):
        name = found.metadata["Name"]
        if not name:
            continue
        wrapped = Distribution(found, found.metadata, None)
        distributions.append({"name": name, "version": found.version, "location": location,
                              "requires": list(wrapped.metadata.get_all("Requires-Dist", [])),
                              "extras": list(wrapped.iter_provided_extras())})
print(json.dumps({"executable": os.path.realpath(sys.executable), "version": "%d.%d.%d" % sys.version_info[:3],
                  "tags": [str(tag) for tag in sys_tags()], "pipTags": [str(tag) for tag in get_supported()],
                  "markerEnvironment": default_environment(), "paths": paths, "standardPaths": [p for p in paths if p in standard], "distributions": distributions,
                  "userSite": site.getusersitepackages(), "pipConfiguration": [[k, v] for k, v in configuration.items()], "configFiles": config_files, "home": os.environ.get("HOME")}))
`;

interface CachedFacts {
  facts: InterpreterFacts;
  /** `path -> size:mtime:inode` (or `missing`) of the executable and every folder whose change changes the facts. */
  stamps: Record<string, string>;
}

async function stampOf(path: string): Promise<string> {
  const stats = await stat(path).catch(() => undefined);
  return stats ? `${stats.size}:${stats.mtimeMs}:${stats.ino}` : 'missing';
}

async function stampsStillHold(stamps: Record<string, string>): Promise<boolean> {
  const current = await Promise.all(Object.entries(stamps).map(async ([path, stamp]) => (await stampOf(path)) === stamp));
  return current.every(Boolean);
}

/** The environment the probe runs in: no `PYTHON*` variable changes what it sees, no `PIP_*` one mixes into pip's files' settings. */
function probeEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PYTHON') && !name.startsWith('_PYTHON') && !name.startsWith('PIP_')),
  );
}

function runFactsProbe(executable: string, signal: AbortSignal): Promise<InterpreterFacts & { userSite: string; configFiles: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      executable,
      ['-c', factsScript],
      { signal, env: probeEnvironment(), cwd: '/', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`could not read the packaging facts of ${executable}: ${stderr.trim().split('\n').pop() || error.message}`));
        else resolve(JSON.parse(stdout) as InterpreterFacts & { userSite: string; configFiles: string[] });
      },
    );
  });
}

const remembered = new Map<string, CachedFacts>();

/**
 * The base interpreter's packaging facts (tags, marker environment, installed
 * distributions), gathered by one Python run and kept in `cacheDirectory` by the
 * interpreter's real path. They are used again, with no Python started, while
 * the executable, every folder on its `sys.path`, its user site folder and pip's
 * configuration files keep their size, modification time and inode: installing into or upgrading the
 * base interpreter changes one of them, and the facts are gathered again.
 */
export async function interpreterFacts(executable: string, cacheDirectory: string, signal: AbortSignal): Promise<InterpreterFacts> {
  const cacheFile = join(cacheDirectory, `v2-${createHash('sha256').update(executable).digest('hex').slice(0, 32)}.json`);
  const known = remembered.get(cacheFile) ?? (await readCached(cacheFile));
  if (known && known.facts.executable === executable && (await stampsStillHold(known.stamps))) {
    remembered.set(cacheFile, known);
    return known.facts;
  }
  // Stamped before the probe: a change while it runs makes the next use probe again, never the reverse.
  const before = await stampOf(executable);
  const { userSite, configFiles, ...facts } = await runFactsProbe(executable, signal);
  const stamps: Record<string, string> = { [executable]: before };
  for (const path of [...facts.paths, userSite, ...configFiles]) stamps[path] = await stampOf(path);
  const cached: CachedFacts = { facts, stamps };
  await mkdir(cacheDirectory, { recursive: true });
  const partial = `${cacheFile}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(partial, JSON.stringify(cached));
  await rename(partial, cacheFile);
  remembered.set(cacheFile, cached);
  return facts;
}

async function readCached(cacheFile: string): Promise<CachedFacts | undefined> {
  try {
    return JSON.parse(await readFile(cacheFile, 'utf8')) as CachedFacts;
  } catch {
    return undefined;
  }
}
