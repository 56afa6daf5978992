import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWheel, type BuiltWheel } from '@runtime-env/testkit';

/** A wheel with many files, so storing it takes long enough to be interrupted in the middle. */
export function bulkyWheel(fileCount = 3000): Promise<BuiltWheel> {
  const files: Record<string, string> = { 'bulky_package/__init__.py': '__version__ = "1.0.0"\n' };
  for (let index = 0; index < fileCount; index += 1) files[`bulky_package/data/file_${index}.txt`] = `payload ${index}\n`;
  return buildWheel({ name: 'bulky-package', version: '1.0.0', files });
}

/** Wheels sharing a dependency, for environments that overlap. */
export function overlappingWheels(): Promise<BuiltWheel[]> {
  return Promise.all([
    buildWheel({ name: 'fixture-lib', version: '1.0.0' }),
    buildWheel({ name: 'fixture-lib', version: '2.0.0' }),
    buildWheel({ name: 'fixture-app', version: '1.0.0', requires: ['fixture-lib>=2'], consoleScripts: { 'fixture-app': 'fixture_app:main' } }),
    buildWheel({ name: 'fixture-other', version: '1.0.0', consoleScripts: { 'fixture-other': 'fixture_other:main' } }),
  ]);
}

export function inodeOf(path: string): string {
  const stats = lstatSync(path);
  return `${stats.dev}:${stats.ino}`;
}

/** The complete entries of the store, by project: each one's manifest and whether every file it lists is there. */
export function storeEntries(pluginDirectory: string): { name: string; version: string; complete: boolean; fileCount: number }[] {
  const root = join(pluginDirectory, 'distribution-store', 'entries');
  const names = (() => {
    try {
      return readdirSync(root);
    } catch {
      return [];
    }
  })();
  return names.flatMap((name) =>
    readdirSync(join(root, name)).map((digest) => {
      const entry = join(root, name, digest);
      const manifest = JSON.parse(readFileSync(join(entry, 'manifest.json'), 'utf8')) as { name: string; version: string; files: string[] };
      const complete = manifest.files.every((file) => {
        try {
          return lstatSync(join(entry, 'files', file)).isFile();
        } catch {
          return false;
        }
      });
      return { name: manifest.name, version: manifest.version, complete, fileCount: manifest.files.length };
    }),
  );
}

export function incomingLeftovers(pluginDirectory: string): string[] {
  try {
    return readdirSync(join(pluginDirectory, 'distribution-store', 'incoming'));
  } catch {
    return [];
  }
}
