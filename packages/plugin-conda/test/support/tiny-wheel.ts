import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeStoredZip } from '@runtime-env/testkit';

/** Writes a minimal pure-Python wheel `<name>-<version>-py3-none-any.whl` into `directory`. */
export async function writeTinyWheel(directory: string, name: string, version: string): Promise<string> {
  const distInfo = `${name}-${version}.dist-info`;
  const files: Record<string, string> = {
    [`${name}/__init__.py`]: `VERSION = ${JSON.stringify(version)}\n`,
    [`${distInfo}/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n\n`,
    [`${distInfo}/WHEEL`]: 'Wheel-Version: 1.0\nGenerator: plugin-conda-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  };
  const record = Object.entries(files)
    .map(([path, content]) => `${path},sha256=${createHash('sha256').update(content).digest('base64url')},${Buffer.byteLength(content)}`)
    .concat(`${distInfo}/RECORD,,`)
    .join('\n');
  const members = [...Object.entries(files), [`${distInfo}/RECORD`, `${record}\n`] as const].map(([path, content]) => ({
    name: path,
    content: Buffer.from(content),
  }));
  const path = join(directory, `${name}-${version}-py3-none-any.whl`);
  await writeFile(path, await writeStoredZip(members));
  return path;
}
