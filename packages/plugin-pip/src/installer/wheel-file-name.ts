import { normalizeProjectName } from '../requirement-lines.js';

/** The parts of a wheel's file name (`{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`). */
export interface WheelFileName {
  /** Normalized (PEP 503). */
  name: string;
  version: string;
  tags: string;
}

/** Parses a wheel file name, or returns undefined when it is not one (the binary distribution format, "File name convention"). */
export function parseWheelFileName(fileName: string): WheelFileName | undefined {
  if (!fileName.endsWith('.whl')) return undefined;
  const parts = fileName.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [name, version] = parts as [string, string];
  return { name: normalizeProjectName(name), version, tags: parts.slice(-3).join('-') };
}
