import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CondaPackageDefinition } from './conda-package-definition.js';
import { readZip } from '../archives/zip-archive.js';

/**
 * Repackages a pure-Python wheel as a `noarch: python` conda package, the way
 * conda-forge ships pip and most pure-Python projects: the wheel's files go under
 * `site-packages/`, console scripts become `entry_points` in `info/link.json`.
 */
export async function noarchPythonPackageFromWheel(
  wheelPath: string,
  options: { depends?: string[]; entryPoints?: string[] } = {},
): Promise<CondaPackageDefinition> {
  const match = /^([A-Za-z0-9_.]+)-([^-]+)-/.exec(basename(wheelPath));
  if (!match?.[1] || !match[2]) throw new Error(`not a wheel file name: ${wheelPath}`);
  const members = readZip(await readFile(wheelPath)).filter((member) => !member.name.endsWith('/'));
  return {
    name: match[1].toLowerCase().replace(/_/g, '-'),
    version: match[2],
    noarch: 'python',
    build: 'pyh0_0',
    depends: options.depends ?? ['python'],
    entryPoints: options.entryPoints ?? consoleScriptsOf(members),
    files: members.map((member) => ({ path: `site-packages/${member.name}`, content: member.content })),
  };
}

function consoleScriptsOf(members: readonly { name: string; content: Buffer }[]): string[] {
  const entryPoints = members.find((member) => /\.dist-info\/entry_points\.txt$/.test(member.name));
  if (!entryPoints) return [];
  const scripts: string[] = [];
  let inConsoleScripts = false;
  for (const line of entryPoints.content
    .toString('utf8')
    .split('\n')
    .map((text) => text.trim())) {
    if (line.startsWith('[')) inConsoleScripts = line === '[console_scripts]';
    else if (inConsoleScripts && line.includes('=')) scripts.push(line.replace(/\s*=\s*/, ' = '));
  }
  return scripts;
}
