import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { absolutizeLine, relativeTo, stripComment } from './requirement-lines.js';

/**
 * The lines of a requirements file as pip would see them: comments and blank lines
 * dropped, `\` continuations joined, and relative paths made absolute against the
 * file's own folder (which is how pip resolves nested `-r`).
 */
export function readRequirementsFileLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return splitRequirementsText(text).map((line) => absolutizeLine(line, relativeTo(dirname(path))));
}

export function splitRequirementsText(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, '');
  return joined
    .split(/\r?\n/)
    .map(stripComment)
    .filter((line) => line.length > 0);
}
