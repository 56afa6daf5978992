import { readdir, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathChangingVariables } from '../environment-listing.js';
import type { BaseDistribution, InterpreterFacts } from '../python-packaging/interpreter-facts.js';
import { parseRequirement } from '../python-packaging/requirement.js';
import { parseSpecifierSet } from '../python-packaging/versions.js';
import { normalizeProjectName, stripComment } from '../requirement-lines.js';
import type { ResolvedDistribution } from '../store/resolution-report.js';
import type { StoreAccess } from '../store/store-access.js';
import { candidateMetadata } from './candidate-metadata.js';
import { evaluateLink, type IndexCandidate } from './link-evaluation.js';
import { finderSettings } from './pip-configuration.js';
import { projectLinks, type IndexLink } from './project-pages.js';
import { resolveLikePip } from './resolve-like-pip.js';

export interface InProcessResolutionRequest {
  facts: InterpreterFacts;
  /** The environment pip would run in. */
  environment: Readonly<Record<string, string | undefined>>;
  installOptions: readonly string[];
  requirementsText: string;
  /** pip's working folder: relative constraint files are found from it. */
  cwd: string;
  systemSitePackages: boolean;
  store?: StoreAccess;
  artifactCache: string;
  signal: AbortSignal;
  onDownload?: (fileName: string, bytesDone: number, bytesTotal: number | undefined) => void;
  /** Called when a project's index pages are read (pip's "Collecting"). */
  onCollect?: (project: string) => void;
}

export type InProcessResolution = { resolution: ResolvedDistribution[] } | { fallback: string };

// pip's `stdlib_pkgs`: never treated as installed distributions.
const notDistributions = new Set(['python', 'wsgiref', 'argparse']);

async function constraintsFrom(files: readonly string[], cwd: string): Promise<Map<string, string>> {
  const constraints = new Map<string, string>();
  for (const file of files) {
    const text = await readFile(resolve(cwd, file), 'utf8');
    for (const raw of text.split('\n')) {
      const line = stripComment(raw);
      if (line === '') continue;
      if (line.startsWith('-') || line.endsWith('\\')) throw new Error(`the constraint line "${line}" in ${file}`);
      const requirement = parseRequirement(line);
      if (requirement.url || requirement.marker || requirement.extras.length > 0) throw new Error(`the constraint "${line}" in ${file}`);
      const name = normalizeProjectName(requirement.name);
      constraints.set(name, [constraints.get(name), requirement.specifier].filter(Boolean).join(','));
    }
  }
  return constraints;
}

/** What the find-links folders hold, by file name: a project with a file there is left to pip. */
async function findLinksFiles(places: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const place of places) {
    const path = place.startsWith('file:') ? fileURLToPath(place) : place;
    if (
      /^[a-z]+:\/\//i.test(path) ||
      !(await stat(path).then(
        (stats) => stats.isDirectory(),
        () => false,
      ))
    )
      throw new Error(`the find-links place ${place}`);
    files.push(...(await readdir(path)));
  }
  return files;
}

function mayBelongTo(fileName: string, project: string): boolean {
  const normalized = normalizeProjectName(fileName);
  return normalized === project || normalized.startsWith(`${project}-`);
}

/**
 * Resolves the requirements in process, as pip would, or says why pip must
 * (its settings, the environment, a requirement or a situation the in-process
 * resolver does not answer exactly).
 */
export async function resolveInProcess(request: InProcessResolutionRequest): Promise<InProcessResolution> {
  const { facts } = request;
  try {
    if (Object.keys(request.environment).some((name) => pathChangingVariables.has(name))) return { fallback: 'a variable changes where Python finds packages' };
    if ((request.environment.HOME ?? null) !== facts.home) return { fallback: 'HOME differs from when the interpreter was probed' };
    const settings = finderSettings(facts, request.environment, request.installOptions);
    // pip sends an index URL's credentials to its host for every file there: left to pip, which also keeps them out of its output.
    if (settings.indexUrls.some((url) => /^[a-z+]+:\/\/[^/]*@/i.test(url))) return { fallback: 'an index URL carries credentials' };
    const lines: string[] = [];
    for (const raw of request.requirementsText.split('\n')) {
      const line = stripComment(raw);
      if (line === '') continue;
      if (line.startsWith('-') || line.endsWith('\\') || line.includes(' --')) return { fallback: `the requirement line "${line}" carries pip options` };
      lines.push(line);
    }
    const constraints = await constraintsFrom(settings.constraintFiles, request.cwd);
    const localFiles = await findLinksFiles(settings.findLinks);
    const visible = new Set(request.systemSitePackages ? facts.paths : facts.standardPaths);
    const installed = new Map<string, BaseDistribution>();
    for (const distribution of facts.distributions) {
      const name = normalizeProjectName(distribution.name);
      if (!visible.has(distribution.location) || installed.has(name) || notDistributions.has(name)) continue;
      installed.set(name, distribution);
    }
    for (const specifier of constraints.values()) parseSpecifierSet(specifier);
    const ranks = new Map<string, number>();
    facts.pipTags.forEach((tag, index) => {
      if (!ranks.has(tag)) ranks.set(tag, index);
    });
    const pages = new Map<string, Promise<IndexLink[]>>();
    const pins = await resolveLikePip(lines, {
      markerEnvironment: facts.markerEnvironment,
      pythonVersion: facts.version,
      installed,
      constraints,
      async candidatesOf(project): Promise<IndexCandidate[]> {
        if (localFiles.some((file) => mayBelongTo(file, project))) throw new Error(`a find-links folder may hold ${project}`);
        const candidates: IndexCandidate[] = [];
        request.onCollect?.(project);
        for (const indexUrl of settings.indexUrls) {
          const key = `${indexUrl}\n${project}`;
          let links = pages.get(key);
          if (!links) pages.set(key, (links = projectLinks(indexUrl, project, request.signal)));
          for (const link of await links) {
            const candidate = evaluateLink(link, project, ranks, facts.pipTags.length, facts.version);
            if (candidate?.link.otherHash) throw new Error(`${link.fileName} is hashed with another algorithm than sha256`);
            if (candidate) candidates.push(candidate);
          }
        }
        return candidates;
      },
      metadataOf: (candidate, project) =>
        candidateMetadata(candidate, project, {
          ...(request.store ? { store: request.store } : {}),
          artifactCache: request.artifactCache,
          signal: request.signal,
          ...(request.onDownload ? { onDownload: request.onDownload } : {}),
        }),
    });
    const resolution: ResolvedDistribution[] = [];
    for (const pin of pins) {
      if (!pin.candidate.link.sha256) return { fallback: `${pin.candidate.link.fileName} has no sha256 on its index` };
      resolution.push({
        name: pin.metadata.name,
        version: pin.metadata.version,
        url: pin.candidate.link.url,
        sha256: pin.candidate.link.sha256,
        isWheel: true,
        isDirect: false,
        requested: pin.requested,
      });
    }
    return { resolution };
  } catch (error) {
    request.signal.throwIfAborted();
    // The reason goes to the setup log: any credentials in a URL it quotes are cut out.
    return { fallback: (error as Error).message.replace(/(\/\/)[^/@\s]*@/g, '$1') };
  }
}
