import { parseMarker } from './markers.js';
import { isValidSpecifier } from './specifier-syntax.js';

/** A PEP 508 requirement (`packaging.requirements.Requirement`). */
export interface Requirement {
  /** As written. */
  name: string;
  /** As written, in order (sorted and lowercased where pip does so, by the caller). */
  extras: string[];
  /** Comma-joined specifiers (`>=1.0,<2`), empty for any version. */
  specifier: string;
  /** `name @ url`: a direct reference. */
  url?: string;
  marker?: string;
}

export class RequirementError extends Error {}

const namePattern = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;
const extrasPattern = /^\[\s*((?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:,\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*)*)?)\]\s*/;
const specifierPattern = /^(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;()]+)\s*$/;

/** Parses `name[extras] specifiers ; marker` or `name[extras] @ url ; marker`; anything else throws `RequirementError`. */
export function parseRequirement(text: string): Requirement {
  const fail = (what: string): never => {
    throw new RequirementError(`invalid requirement ${JSON.stringify(text)}: ${what}`);
  };
  let rest = text;
  const name = namePattern.exec(rest);
  if (!name) return fail('it does not start with a project name');
  rest = rest.slice(name[0].length);
  let extras: string[] = [];
  const extrasMatch = extrasPattern.exec(rest);
  if (rest.startsWith('[')) {
    if (!extrasMatch) return fail('its extras are malformed');
    extras = (extrasMatch[1] ?? '')
      .split(',')
      .map((extra) => extra.trim())
      .filter((extra) => extra !== '');
    rest = rest.slice(extrasMatch[0].length);
  }
  if (rest.startsWith('@')) {
    const urlMatch = /^@\s*(\S+)\s*(?:;\s*(.*))?$/.exec(rest);
    if (!urlMatch) return fail('the URL after "@" is missing');
    const marker = urlMatch[2]?.trim();
    if (marker) parseMarker(marker);
    return { name: name[1] as string, extras, specifier: '', url: urlMatch[1] as string, ...(marker ? { marker } : {}) };
  }
  const semicolon = rest.indexOf(';');
  let specifierText = (semicolon === -1 ? rest : rest.slice(0, semicolon)).trim();
  const marker = semicolon === -1 ? undefined : rest.slice(semicolon + 1).trim();
  if (semicolon !== -1 && !marker) return fail('the marker after ";" is empty');
  if (specifierText.startsWith('(')) {
    if (!specifierText.endsWith(')')) return fail('a "(" is not closed');
    specifierText = specifierText.slice(1, -1).trim();
  }
  const specifiers = specifierText === '' ? [] : specifierText.split(',').map((part) => part.trim());
  for (const specifier of specifiers) {
    const match = specifierPattern.exec(specifier);
    if (!match || !isValidSpecifier(match[1] as string, match[2] as string)) fail(`"${specifier}" is not a PEP 440 specifier`);
  }
  if (marker) parseMarker(marker);
  return {
    name: name[1] as string,
    extras,
    specifier: specifiers.map((specifier) => specifier.replace(/\s+/g, '')).join(','),
    ...(marker ? { marker } : {}),
  };
}
