import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { SetupFailure } from '@runtime-env/plugin-api';
import { sha256OfDirectory } from './directory-digest.js';
import { containsVariable, parseIncludeLine } from './requirement-lines.js';
import { readRequirementsFileLines } from './requirements-file.js';

/** Marks where a constraints file goes in the flattened lines; replaced by a real path in `create`. */
export const constraintPlaceholder = (index: number): string => `-c {{constraints-${index}}}`;

/**
 * The requirements with every `-r` include read and inlined and every `-c`
 * constraints file read, so that both the URI and the installation depend on the
 * files' content, not their names (Ray's ray#47488).
 */
export interface ExpandedRequirements {
  lines: string[];
  constraintFiles: string[][];
  /** Local wheels, archives and project folders named by path, with their content digests. */
  localFiles: { path: string; sha256: string }[];
}

function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function readInclude(path: string, includedFrom: string): string[] {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw SetupFailure.permanent(`the requirements file "${path}" (from ${includedFrom}) does not exist`, {
      code: 'pip_requirements_file_missing',
      hint: 'fix the -r/-c path in the pip field or in the including file; relative paths are resolved against the including file',
    });
  }
  return readRequirementsFileLines(path);
}

export function expandRequirements(packages: readonly string[]): ExpandedRequirements {
  const expanded: ExpandedRequirements = { lines: [], constraintFiles: [], localFiles: [] };
  const visit = (lines: readonly string[], source: string, chain: readonly string[], into: string[]): void => {
    for (const line of lines) {
      const include = parseIncludeLine(line);
      if (include && !containsVariable(include.path)) {
        // A cycle is skipped, as Ray does: pip itself would loop on it.
        if (chain.includes(include.path)) continue;
        const nested = readInclude(include.path, source);
        if (include.kind === 'requirement') visit(nested, include.path, [...chain, include.path], into);
        else {
          const constraintLines: string[] = [];
          visit(nested, include.path, [...chain, include.path], constraintLines);
          expanded.constraintFiles.push(constraintLines);
          into.push(constraintPlaceholder(expanded.constraintFiles.length - 1));
        }
        continue;
      }
      const local = /^(-e\s+)?(\/\S+)$/.exec(line);
      const localPath = local?.[2];
      if (localPath && existsSync(localPath)) {
        const kind = statSync(localPath);
        if (kind.isFile()) expanded.localFiles.push({ path: localPath, sha256: sha256OfFile(localPath) });
        // An editable install links to the live folder, so its content is not part of
        // the identity; a regular install copies a snapshot, so its content is.
        else if (kind.isDirectory() && local?.[1] === undefined) expanded.localFiles.push({ path: localPath, sha256: sha256OfDirectory(localPath) });
      }
      into.push(line);
    }
  };
  visit(packages, 'the pip field', [], expanded.lines);
  return expanded;
}
