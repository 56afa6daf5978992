import { readFileSync } from 'node:fs';
import { loadYaml } from '../load-yaml.js';

/** Reads an environment.yml with YAML's safe loader (no custom tags run). */
export function readEnvironmentFile(path: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    return { ok: false, message: `conda environment file "${path}" ${reason}; a conda value ending in .yaml or .yml must be a readable file` };
  }
  try {
    const value: unknown = loadYaml().parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return {
        ok: false,
        message: `conda environment file "${path}" must hold a mapping with "dependencies", not ${value === null ? 'nothing' : typeof value}`,
      };
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: `conda environment file "${path}" is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
}
