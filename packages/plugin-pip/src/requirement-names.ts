import { isLocalPathEntry, normalizeProjectName } from './requirement-lines.js';

/**
 * The projects the requirement lines name directly (normalized), leaving out
 * options, paths and URLs, whose project is only known once pip reads them.
 */
export function requirementNames(lines: readonly string[]): string[] {
  const names: string[] = [];
  for (const line of lines) {
    if (line.startsWith('-') || isLocalPathEntry(line) || /^[a-z+]+:\/\//i.test(line)) continue;
    const name = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(line)?.[1];
    if (name) names.push(normalizeProjectName(name));
  }
  return names;
}
