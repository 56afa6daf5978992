import { normalizeProjectName } from '../requirement-lines.js';
import type { BaseDistribution } from '../python-packaging/interpreter-facts.js';
import { evaluateMarker, type MarkerEnvironment } from '../python-packaging/markers.js';
import { compareParsed, parseVersion } from '../python-packaging/pep440.js';
import { parseRequirement } from '../python-packaging/requirement.js';
import { filterVersions, parseSpecifierSet, specifierContains } from '../python-packaging/versions.js';
import type { CoreMetadata } from './core-metadata.js';
import { compareCandidates, type IndexCandidate } from './link-evaluation.js';

/** The resolver met something whose outcome only pip's own resolver (with backtracking, builds...) decides: pip resolves instead. */
export class NotResolvedInProcess extends Error {}

interface BaseCandidate {
  kind: 'index' | 'installed';
  project: string;
  version: string;
  index?: IndexCandidate;
  installed?: BaseDistribution;
}
interface ExtrasCandidate {
  kind: 'extras';
  base: BaseCandidate;
  extras: string[];
}
type Candidate = BaseCandidate | ExtrasCandidate;

type Requirement =
  | { kind: 'specifier'; identifier: string; project: string; extras: string[]; specifier: string }
  | { kind: 'explicit'; identifier: string; candidate: BaseCandidate };

interface Criterion {
  information: { requirement: Requirement; parent?: Candidate }[];
  candidates: Candidate[];
}

/** What the resolver reads: the index's candidates (pip's finder order) and a candidate's metadata. */
export interface ResolverSources {
  markerEnvironment: MarkerEnvironment;
  pythonVersion: string;
  /** Distributions pip sees as installed (by normalized name), kept when they satisfy (pip's default upgrade strategy). */
  installed: ReadonlyMap<string, BaseDistribution>;
  /** Constraints by normalized name (specifier sets). */
  constraints: ReadonlyMap<string, string>;
  /** Every accepted index file of a project, in the order pip collects them. */
  candidatesOf(project: string): Promise<IndexCandidate[]>;
  metadataOf(candidate: IndexCandidate, project: string): Promise<CoreMetadata>;
}

/** One distribution pip would install. */
export interface ResolvedPin {
  project: string;
  metadata: CoreMetadata;
  candidate: IndexCandidate;
  requested: boolean;
}

const extraName = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function formatName(project: string, extras: readonly string[]): string {
  return extras.length === 0 ? project : `${project}[${[...extras].sort().join(',')}]`;
}

function nameOf(candidate: Candidate): string {
  return candidate.kind === 'extras' ? formatName(candidate.base.project, candidate.extras) : candidate.project;
}

function baseOf(candidate: Candidate): BaseCandidate {
  return candidate.kind === 'extras' ? candidate.base : candidate;
}

function checkedExtras(extras: readonly string[]): string[] {
  for (const extra of extras) if (!extraName.test(extra)) throw new NotResolvedInProcess(`the extra "${extra}" is not in normalized form`);
  return [...new Set(extras)].sort();
}

/**
 * pip 23's resolver (resolvelib 1.0 with pip's provider) for the case it
 * settles without backtracking: each round pins the unsatisfied name pip's
 * preference puts first (pinned `==`, then depth, then the order requested,
 * then bounded, then the name) to the first candidate pip's factory yields
 * (the installed distribution when it satisfies, then the newest allowed
 * version's best file). Whatever would make pip try another candidate or
 * re-pin a name (a conflict, a candidate without candidates, an sdist to build,
 * a direct reference) throws `NotResolvedInProcess`.
 */
export async function resolveLikePip(rootLines: readonly string[], sources: ResolverSources): Promise<ResolvedPin[]> {
  const candidatesByProject = new Map<string, Promise<IndexCandidate[]>>();
  const indexCandidates = (project: string): Promise<IndexCandidate[]> => {
    let found = candidatesByProject.get(project);
    if (!found) candidatesByProject.set(project, (found = sources.candidatesOf(project)));
    return found;
  };
  const baseCandidates = new Map<string, BaseCandidate>();
  const extrasCandidates = new Map<BaseCandidate, Map<string, ExtrasCandidate>>();
  const extrasCandidate = (base: BaseCandidate, extras: string[]): ExtrasCandidate => {
    const byExtras = extrasCandidates.get(base) ?? new Map<string, ExtrasCandidate>();
    extrasCandidates.set(base, byExtras);
    const key = extras.join(',');
    let candidate = byExtras.get(key);
    if (!candidate) byExtras.set(key, (candidate = { kind: 'extras', base, extras }));
    return candidate;
  };
  const metadata = new Map<BaseCandidate, Promise<CoreMetadata>>();
  const metadataOf = (candidate: BaseCandidate): Promise<CoreMetadata> => {
    let known = metadata.get(candidate);
    if (!known) {
      known =
        candidate.kind === 'installed'
          ? Promise.resolve({
              name: candidate.installed!.name,
              version: candidate.installed!.version,
              requiresDist: candidate.installed!.requires,
              providesExtra: candidate.installed!.extras,
            })
          : sources.metadataOf(candidate.index!, candidate.project);
      metadata.set(candidate, known);
    }
    return known;
  };

  const satisfiedBy = (requirement: Requirement, candidate: Candidate): boolean =>
    requirement.kind === 'explicit'
      ? candidate === requirement.candidate
      : nameOf(candidate) === requirement.identifier && specifierContains(requirement.specifier, baseOf(candidate).version, { prereleases: true });

  const foundCandidates = async (requirements: Extract<Requirement, { kind: 'specifier' }>[], constraint: string): Promise<Candidate[]> => {
    const project = requirements[0]!.project;
    const specifier = [constraint, ...requirements.map((requirement) => requirement.specifier)].filter((part) => part !== '').join(',');
    const extras = checkedExtras(requirements.flatMap((requirement) => requirement.extras));
    const wrap = (base: BaseCandidate): Candidate => (extras.length === 0 ? base : extrasCandidate(base, extras));
    const result: Candidate[] = [];
    const installed = sources.installed.get(project);
    let installedVersion: ReturnType<typeof parseVersion>;
    if (installed && specifierContains(specifier, installed.version, { prereleases: true })) {
      const key = `installed:${project}`;
      let base = baseCandidates.get(key);
      if (!base) baseCandidates.set(key, (base = { kind: 'installed', project, version: installed.version, installed }));
      installedVersion = parseVersion(installed.version);
      result.push(wrap(base));
    }
    const all = await indexCandidates(project);
    const allowed = new Set(
      filterVersions(
        specifier,
        all.map((candidate) => candidate.version),
      ),
    );
    const applicable = all.filter((candidate) => allowed.has(candidate.version));
    // Stable ascending sort, then best first: among equals the last collected comes first, as pip's reversed() gives.
    const ordered = applicable
      .map((candidate, position) => ({ candidate, position }))
      .sort((left, right) => compareCandidates(left.candidate, right.candidate) || left.position - right.position)
      .map(({ candidate }) => candidate)
      .reverse();
    if (ordered.length > 0 && ordered.every((candidate) => candidate.link.yanked)) throw new NotResolvedInProcess(`every allowed file of ${project} is yanked`);
    const seen: NonNullable<ReturnType<typeof parseVersion>>[] = installedVersion ? [installedVersion] : [];
    for (const candidate of ordered) {
      if (candidate.link.yanked) continue;
      if (seen.some((version) => compareParsed(version, candidate.parsed) === 0)) continue;
      seen.push(candidate.parsed);
      const key = `index:${candidate.link.url}`;
      let base = baseCandidates.get(key);
      if (!base) baseCandidates.set(key, (base = { kind: 'index', project, version: candidate.version, index: candidate }));
      result.push(wrap(base));
    }
    return result;
  };

  const findMatches = async (identifier: string, requirements: Requirement[], criteria: Map<string, Criterion>): Promise<Candidate[]> => {
    const project = identifier.replace(/\[.*$/, '');
    const extras = identifier.includes('[') ? identifier.slice(identifier.indexOf('[') + 1, -1).split(',') : [];
    const explicit = new Set<Candidate>();
    for (const requirement of requirements) if (requirement.kind === 'explicit') explicit.add(requirement.candidate);
    const baseRequirements = project === identifier ? requirements : (criteria.get(project)?.information.map(({ requirement }) => requirement) ?? []);
    for (const requirement of baseRequirements) if (requirement.kind === 'explicit') explicit.add(extrasCandidate(requirement.candidate, extras));
    const constraint = sources.constraints.get(project) ?? '';
    if (explicit.size === 0) {
      const specifiers = requirements.filter((requirement): requirement is Extract<Requirement, { kind: 'specifier' }> => requirement.kind === 'specifier');
      return specifiers.length === 0 ? [] : foundCandidates(specifiers, constraint);
    }
    const kept = [...explicit].filter(
      (candidate) =>
        (constraint === '' || specifierContains(constraint, baseOf(candidate).version, { prereleases: true })) &&
        requirements.every((requirement) => satisfiedBy(requirement, candidate)),
    );
    if (kept.length > 1) throw new NotResolvedInProcess(`${identifier} has several explicit candidates`);
    return kept;
  };

  const addToCriteria = async (criteria: Map<string, Criterion>, requirement: Requirement, parent?: Candidate): Promise<void> => {
    const existing = criteria.get(requirement.identifier);
    const information = [...(existing?.information ?? []), { requirement, ...(parent ? { parent } : {}) }];
    const candidates = await findMatches(
      requirement.identifier,
      information.map((item) => item.requirement),
      criteria,
    );
    if (candidates.length === 0) throw new NotResolvedInProcess(`no candidate satisfies every requirement on ${requirement.identifier}`);
    criteria.set(requirement.identifier, { information, candidates });
  };

  const requirementFrom = (text: string, extrasInContext: readonly string[]): Requirement | undefined => {
    const parsed = parseRequirement(text);
    if (parsed.url) throw new NotResolvedInProcess(`${parsed.name} is a direct reference`);
    const contexts = extrasInContext.length === 0 ? [''] : extrasInContext;
    if (parsed.marker && !contexts.some((extra) => evaluateMarker(parsed.marker as string, { ...sources.markerEnvironment, extra }))) return undefined;
    const project = normalizeProjectName(parsed.name);
    const extras = checkedExtras(parsed.extras.map((extra) => extra.toLowerCase()));
    parseSpecifierSet(parsed.specifier);
    return { kind: 'specifier', identifier: formatName(project, extras), project, extras, specifier: parsed.specifier };
  };

  const dependenciesOf = async (candidate: Candidate): Promise<Requirement[]> => {
    const base = baseOf(candidate);
    const meta = await metadataOf(base);
    const dependencies: Requirement[] = [];
    let extras: string[] = [];
    if (candidate.kind === 'extras') {
      dependencies.push({ kind: 'explicit', identifier: base.project, candidate: base });
      const provided = new Set(meta.providesExtra.map((extra) => extra.replace(/[^A-Za-z0-9.-]+/g, '_').toLowerCase()));
      extras = candidate.extras.filter((extra) => provided.has(extra));
    } else if (base.kind === 'index' && meta.requiresPython) {
      let fits: boolean;
      try {
        fits = specifierContains(meta.requiresPython, sources.pythonVersion, { prereleases: true });
      } catch {
        throw new NotResolvedInProcess(`${base.project} ${base.version} has the Requires-Python ${JSON.stringify(meta.requiresPython)}`);
      }
      if (!fits) throw new NotResolvedInProcess(`${base.project} ${base.version} needs Python ${meta.requiresPython}`);
    }
    for (const line of meta.requiresDist) {
      const dependency = requirementFrom(line, extras);
      if (dependency) dependencies.push(dependency);
    }
    return dependencies;
  };

  // The root requirements, in order; a line whose marker fails is left out, as pip ignores it.
  const userRequested = new Map<string, number>();
  let criteria = new Map<string, Criterion>();
  const requestedProjects = new Set<string>();
  for (const [position, line] of rootLines.entries()) {
    const requirement = requirementFrom(line, []);
    if (requirement?.kind !== 'specifier') continue;
    if (!userRequested.has(requirement.identifier)) userRequested.set(requirement.identifier, position);
    requestedProjects.add(requirement.project);
    await addToCriteria(criteria, requirement);
  }

  const mapping = new Map<string, Candidate>();
  const knownDepths = new Map<string, number>();
  const pinSatisfies = (name: string, criterion: Criterion): boolean => {
    const pin = mapping.get(name);
    return pin !== undefined && criterion.information.every(({ requirement }) => satisfiedBy(requirement, pin));
  };
  const preference = (name: string): (number | string)[] => {
    const information = criteria.get(name)!.information;
    const operators = information.flatMap(({ requirement }) =>
      requirement.kind === 'specifier' ? parseSpecifierSet(requirement.specifier).map((specifier) => specifier.operator) : [],
    );
    const pinned = operators.some((operator) => operator.startsWith('=='));
    let depth: number;
    if (userRequested.has(name)) depth = 1;
    else depth = Math.min(...information.map(({ parent }) => (parent ? (knownDepths.get(nameOf(parent)) ?? Number.POSITIVE_INFINITY) : 0))) + 1;
    knownDepths.set(name, depth);
    return [pinned ? 0 : 1, depth, userRequested.get(name) ?? Number.POSITIVE_INFINITY, operators.length > 0 ? 0 : 1, name];
  };
  const lessThan = (left: (number | string)[], right: (number | string)[]): boolean => {
    for (let index = 0; index < left.length; index += 1) {
      if (left[index] === right[index]) continue;
      return (left[index] as number | string) < (right[index] as number | string);
    }
    return false;
  };

  for (let round = 0; round < 2000; round += 1) {
    const unsatisfied = [...criteria].filter(([name, criterion]) => !pinSatisfies(name, criterion)).map(([name]) => name);
    if (unsatisfied.length === 0) {
      const pins: ResolvedPin[] = [];
      for (const candidate of mapping.values()) {
        if (candidate.kind !== 'index') continue;
        pins.push({
          project: candidate.project,
          metadata: await metadataOf(candidate),
          candidate: candidate.index!,
          requested: requestedProjects.has(candidate.project),
        });
      }
      return pins;
    }
    const satisfied = [...criteria.keys()].filter((name) => !unsatisfied.includes(name));
    let best = unsatisfied[0] as string;
    let bestKey = preference(best);
    for (const name of unsatisfied.slice(1)) {
      const key = preference(name);
      if (lessThan(key, bestKey)) [best, bestKey] = [name, key];
    }
    const candidate = criteria.get(best)!.candidates[0];
    if (!candidate) throw new NotResolvedInProcess(`${best} has no candidate`);
    const base = baseOf(candidate);
    if (base.kind === 'index' && !base.index!.isWheel) throw new NotResolvedInProcess(`${base.project} ${base.version} would be built from its sdist`);
    const meta = await metadataOf(base);
    const metaVersion = parseVersion(meta.version);
    if (normalizeProjectName(meta.name) !== base.project || !metaVersion || compareParsed(metaVersion, parseVersion(base.version)!) !== 0)
      throw new NotResolvedInProcess(`${base.project} ${base.version}: its metadata says ${meta.name} ${meta.version}`);
    const updated = new Map(criteria);
    for (const dependency of await dependenciesOf(candidate)) await addToCriteria(updated, dependency, candidate);
    criteria = updated;
    mapping.delete(best);
    mapping.set(best, candidate);
    for (const name of satisfied) if (!pinSatisfies(name, criteria.get(name)!)) throw new NotResolvedInProcess(`pinning ${best} unsettles ${name}`);
  }
  throw new NotResolvedInProcess('too many rounds');
}
