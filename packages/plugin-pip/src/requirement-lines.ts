import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** PEP 503 normalization: `Foo_Bar.baz` and `foo-bar-baz` name the same project. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** pip's options that name another file, in every spelling pip accepts. */
const includeOption = /^(?:(-r|-c)\s*|(--requirement|--constraint)(?:\s*=\s*|\s+))(\S.*)$/;

export interface IncludeLine {
  kind: 'requirement' | 'constraint';
  path: string;
}

/** `-r base.txt`, `--requirement=base.txt`, `-c constraints.txt`... or undefined. */
export function parseIncludeLine(line: string): IncludeLine | undefined {
  const match = includeOption.exec(line.trim());
  if (!match) return undefined;
  const option = match[1] ?? match[2];
  return { kind: option === '-c' || option === '--constraint' ? 'constraint' : 'requirement', path: (match[3] as string).trim() };
}

/** A path pip would expand from the environment (`${HOME}/req.txt`): it is kept literal and hashed as text. */
export function containsVariable(text: string): boolean {
  return /\$\{?[A-Za-z_]/.test(text);
}

/** pip treats ` #` (whitespace then hash) as the start of a comment. */
export function stripComment(line: string): string {
  return line.replace(/(^|\s)#.*$/, '').trim();
}

/** A local file or directory entry (`./dist/x.whl`, `../lib`, `/abs/x.tar.gz`), as opposed to a requirement. */
export function isLocalPathEntry(line: string): boolean {
  return /^(\.{1,2}\/|\/)/.test(line);
}

const requirementPattern = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

/**
 * One canonical spelling per requirement, so equal specs hash equally: the name and
 * extras normalized (PEP 503), no spaces inside version specifiers, markers trimmed.
 * Options, paths and URLs are only trimmed.
 */
export function canonicalRequirement(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('-') || isLocalPathEntry(trimmed) || /^[a-z+]+:\/\//i.test(trimmed)) return trimmed;
  // A line with per-requirement options (`--hash=...`) keeps its words apart: only runs of spaces are folded.
  if (/\s--hash[=\s]/.test(trimmed)) return trimmed.replace(/\s+/g, ' ');
  const match = requirementPattern.exec(trimmed);
  if (!match) return trimmed;
  const name = normalizeProjectName(match[1] as string);
  const extras = match[2]
    ? `[${(match[2] as string)
        .slice(1, -1)
        .split(',')
        .map((extra) => normalizeProjectName(extra.trim()))
        .filter(Boolean)
        .sort()
        .join(',')}]`
    : '';
  const rest = (match[3] as string).trim();
  if (rest.startsWith('@')) return `${name}${extras} @ ${rest.slice(1).trim()}`;
  const markerAt = rest.indexOf(';');
  const versions = (markerAt === -1 ? rest : rest.slice(0, markerAt)).replace(/\s+/g, '');
  const marker = markerAt === -1 ? '' : `; ${rest.slice(markerAt + 1).trim()}`;
  return `${name}${extras}${versions}${marker}`;
}

/**
 * Makes the file named by an include line, or a local path entry, absolute with
 * `absolute` (against a requirements file's folder, or the caller's): pip runs in
 * the environment's own directory, where a relative path would name nothing.
 */
export function absolutizeLine(line: string, absolute: (relativePath: string) => string): string {
  const include = parseIncludeLine(line);
  if (include) {
    if (containsVariable(include.path) || isAbsolute(include.path)) return `${include.kind === 'constraint' ? '-c' : '-r'} ${include.path}`;
    return `${include.kind === 'constraint' ? '-c' : '-r'} ${absolute(include.path)}`;
  }
  const editable = /^(-e|--editable)(?:\s*=\s*|\s+)(\S.*)$/.exec(line);
  if (editable && isLocalPathEntry(editable[2] as string)) return `-e ${absolute(editable[2] as string)}`;
  if (isLocalPathEntry(line) && !line.startsWith('/')) return absolute(line);
  const directReference = localDirectReference.exec(line);
  if (directReference) {
    const [, requirement, filePath, rest] = directReference as unknown as [string, string, string, string];
    return `${requirement.trimEnd()} @ ${pathToFileURL(absolute(filePath)).href}${rest}`;
  }
  return line;
}

/**
 * `name @ file:./proj` or `name[extra] @ file:../x.whl`: a direct reference to a
 * relative local path, which pip would read against the folder it runs in (the
 * environment's), where it names nothing. Absolute `file:///` URLs are left alone.
 */
const localDirectReference = /^([A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?)\s*@\s*file:(?!\/)(\S+?)(\s*(?:;.*)?)$/;

/** `absolutizeLine`'s resolver for lines of a file: relative to the file's own folder, as pip reads nested files. */
export function relativeTo(baseDirectory: string): (relativePath: string) => string {
  return (relativePath) => resolve(baseDirectory, relativePath);
}
