import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';

/** A conda-compatible executable and which dialect of arguments it takes. */
export interface CondaExecutable {
  path: string;
  flavor: 'conda' | 'mamba' | 'micromamba';
}

const searchedNames = ['micromamba', 'mamba', 'conda'] as const;

/**
 * Finds a conda-compatible executable the way Ray does, and a little wider: the
 * configured path, then `CONDA_EXE` and `MAMBA_EXE` (set by an activated shell),
 * then `micromamba`, `mamba` and `conda` on PATH.
 */
export function findCondaExecutable(configured: string | undefined, environment: NodeJS.ProcessEnv = process.env): CondaExecutable | undefined {
  const candidates = [configured, environment.CONDA_EXE, environment.MAMBA_EXE].filter((path): path is string => Boolean(path));
  for (const path of candidates) {
    if (isExecutable(path)) return { path, flavor: flavorOf(path) };
  }
  const directories = (environment.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of searchedNames) {
    for (const directory of directories) {
      const path = join(directory, name);
      if (isExecutable(path)) return { path, flavor: name };
    }
  }
  return undefined;
}

export function flavorOf(path: string): CondaExecutable['flavor'] {
  const name = basename(path);
  if (name.startsWith('micromamba')) return 'micromamba';
  if (name.startsWith('mamba')) return 'mamba';
  return 'conda';
}

// X_OK alone passes a directory (its search bit), and spawning one fails with EACCES.
function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
