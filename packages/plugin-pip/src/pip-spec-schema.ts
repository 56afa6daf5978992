import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolveLocalPath } from '@runtime-env/plugin-api';
import { z } from 'zod';
import { absolutizeLine, canonicalRequirement, stripComment } from './requirement-lines.js';
import { readRequirementsFileLines } from './requirements-file.js';
import { isPylockFileName, parsePylock, pylockRequirementLines, PylockError, type PylockPackage } from './lock/pylock-read.js';

/**
 * The normalized `pip` field. Every form Ray accepts (a list, a requirements-file
 * path, an object) becomes this one, so equal environments hash equally.
 */
export interface PipSpec {
  /** Requirement lines, canonical, de-duplicated in order; `-r`/`-c` paths absolute. */
  packages: string[];
  pip_check: boolean;
  /** A version specifier for pip itself (`==23.1`), installed before the packages. */
  pip_version?: string;
  /** Extra `pip install` arguments. */
  pip_install_options?: string[];
  /**
   * Set when the packages are a PEP 751 lock (`pylock.toml`): every entry pinned
   * and hashed, installed without resolving. `packages` then holds the same lock
   * as hashed requirement lines (the URI, and pip's fallback).
   */
  lock?: PylockPackage[];
}

const objectKeys = ['packages', 'pip_check', 'pip_version', 'pip_install_options'] as const;

/** Options that would make pip install outside the environment, or into another interpreter. */
const forbiddenInstallOptions = ['--target', '-t', '--prefix', '--root', '--user', '--python', '--home'];

type Issue = { message: string; path?: (string | number)[] };

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A lock read by `packagesFromFile`, handed to the spec being built. */
type LockSink = { lock?: PylockPackage[] };

function packagesFromFile(path: string, where: (string | number)[], issues: Issue[], sink: LockSink): string[] | undefined {
  const absolute = resolveLocalPath(path, fieldPath(where));
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    issues.push({
      path: where,
      message: `"${path}" is not a valid file: a string value names a requirements file (resolved to ${absolute}); give a list of requirements to install packages by name`,
    });
    return undefined;
  }
  if (isPylockFileName(absolute)) {
    try {
      sink.lock = parsePylock(readFileSync(absolute, 'utf8'), absolute);
    } catch (error) {
      if (!(error instanceof PylockError)) throw error;
      issues.push({ path: where, message: `${error.message}` });
      return undefined;
    }
    return pylockRequirementLines(sink.lock);
  }
  return readRequirementsFileLines(absolute);
}

/** Where in the document a pip value is, for a refused relative path: `pip.packages[2]`. */
function fieldPath(where: (string | number)[]): string {
  return where.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`), 'pip');
}

function packagesFromList(value: unknown[], where: (string | number)[], issues: Issue[]): string[] {
  const lines: string[] = [];
  value.forEach((entry, index) => {
    if (typeof entry !== 'string') {
      issues.push({ path: [...where, index], message: `each requirement must be a string, got ${describeKind(entry)}` });
      return;
    }
    const line = stripComment(entry);
    if (line.length > 0) lines.push(absolutizeLine(line, (relativePath) => resolveLocalPath(relativePath, fieldPath([...where, index]))));
  });
  return lines;
}

function readPackages(value: unknown, where: (string | number)[], issues: Issue[], sink: LockSink): string[] | undefined {
  if (typeof value === 'string') return packagesFromFile(value, where, issues, sink);
  if (Array.isArray(value)) return packagesFromList(value, where, issues);
  issues.push({ path: where, message: `expected a list of requirement strings or the path of a requirements file, got ${describeKind(value)}` });
  return undefined;
}

function checkInstallOptions(value: unknown, issues: Issue[]): string[] | undefined {
  if (!Array.isArray(value)) {
    issues.push({ path: ['pip_install_options'], message: `expected a list of strings (pip install arguments), got ${describeKind(value)}` });
    return undefined;
  }
  const wrongTypes = value.flatMap((option, index) => (typeof option === 'string' ? [] : [index]));
  for (const index of wrongTypes) {
    issues.push({ path: ['pip_install_options', index], message: `expected a string (one pip install argument), got ${describeKind(value[index])}` });
  }
  if (wrongTypes.length > 0) return undefined;
  const options = value as string[];
  options.forEach((option, index) => {
    const name = option.split('=')[0] as string;
    if (forbiddenInstallOptions.includes(name)) {
      issues.push({
        path: ['pip_install_options', index],
        message: `"${name}" would install outside the environment the plugin manages; remove it (the environment is already isolated)`,
      });
    }
  });
  return options;
}

function readObject(value: Record<string, unknown>, issues: Issue[], sink: LockSink): Omit<PipSpec, 'packages'> & { packages?: string[] } {
  for (const key of Object.keys(value)) {
    if (!(objectKeys as readonly string[]).includes(key)) {
      issues.push({ path: [key], message: `unknown key "${key}"; the keys of a pip object are ${objectKeys.join(', ')}` });
    }
  }
  const result: Omit<PipSpec, 'packages'> & { packages?: string[] } = { pip_check: false };
  if (!('packages' in value)) issues.push({ path: ['packages'], message: 'a pip object needs "packages": a list of requirements or a requirements-file path' });
  else result.packages = readPackages(value.packages, ['packages'], issues, sink);
  if (value.pip_check !== undefined) {
    if (typeof value.pip_check === 'boolean') result.pip_check = value.pip_check;
    else issues.push({ path: ['pip_check'], message: `expected a boolean, got ${describeKind(value.pip_check)}` });
  }
  if (value.pip_version !== undefined) {
    const version = value.pip_version;
    if (typeof version !== 'string' || !/^\s*(===|==|~=|!=|>=|<=|<|>)/.test(version)) {
      issues.push({
        path: ['pip_version'],
        message: `expected a version specifier string such as "==23.1" or ">=22,<24" (it is appended to "pip"), got ${typeof version === 'string' ? JSON.stringify(version) : describeKind(version)}`,
      });
    } else result.pip_version = version.trim();
  }
  if (value.pip_install_options !== undefined) {
    const options = checkInstallOptions(value.pip_install_options, issues);
    if (options) result.pip_install_options = options;
  }
  return result;
}

function deduplicate(lines: readonly string[]): string[] {
  return [...new Set(lines.map(canonicalRequirement))];
}

/**
 * Ray's `pip` forms: `list[str]`, a requirements-file path (read now, as Ray reads it
 * on the driver), or `{packages, pip_check, pip_version, pip_install_options}`.
 * An empty list drops the field, as in Ray.
 */
export const pipSpecSchema = z.unknown().transform((value, context): PipSpec | undefined => {
  const issues: Issue[] = [];
  const sink: LockSink = {};
  let spec: PipSpec | undefined;
  if (typeof value === 'string' || Array.isArray(value)) {
    const packages = readPackages(value, [], issues, sink);
    if (packages && packages.length > 0) spec = { packages: deduplicate(packages), pip_check: false, ...(sink.lock ? { lock: sink.lock } : {}) };
    else if (packages && issues.length === 0) return undefined;
  } else if (value !== null && typeof value === 'object') {
    const object = readObject(value as Record<string, unknown>, issues, sink);
    if (issues.length === 0) spec = { ...object, packages: deduplicate(object.packages ?? []), ...(sink.lock ? { lock: sink.lock } : {}) };
  } else {
    issues.push({
      message: `runtime_env["pip"] must be a list of requirement strings, a requirements-file path, or an object with "packages"; got ${describeKind(value)}`,
    });
  }
  for (const issue of issues) context.addIssue({ code: 'custom', message: issue.message, ...(issue.path ? { path: issue.path } : {}) });
  return issues.length > 0 ? z.NEVER : spec;
});
