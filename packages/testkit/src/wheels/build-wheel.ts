import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createZipArchive, type ZipEntry } from '../archives/zip-archive.js';
import { defaultModuleName, normalizeProjectName, wheelNameComponent } from './python-names.js';

export interface WheelOptions {
  /** The project name as published (`My-Lib`); the index and pip normalize it. */
  name: string;
  version: string;
  /** `Requires-Dist` entries, PEP 508 strings: `other>=2`, `idna; python_version >= "3"`. */
  requires?: readonly string[];
  /** `Requires-Python`, for example `>=3.8`. */
  requiresPython?: string;
  summary?: string;
  /**
   * Files relative to site-packages. Default: `<module>/__init__.py` defining
   * `__version__` and a `main()` that prints `<name> <version>`, where `<module>` is
   * the name lower-cased with `-` and `.` turned into `_`.
   */
  files?: Readonly<Record<string, string | Buffer>>;
  /** Console scripts, command name to `module:function` (`{ 'say-hi': 'my_lib:main' }`). */
  consoleScripts?: Readonly<Record<string, string>>;
  /** Wheel tags; default `py3`, `none`, `any`. */
  pythonTag?: string;
  abiTag?: string;
  platformTag?: string;
}

export interface BuiltWheel {
  name: string;
  version: string;
  /** `name-version-py3-none-any.whl`. */
  fileName: string;
  data: Buffer;
  /** Hex sha256 of the whole file, as an index publishes it. */
  sha256: string;
  requiresPython?: string;
}

function recordHash(data: Buffer): string {
  return `sha256=${createHash('sha256').update(data).digest('base64url')}`;
}

function metadataText(options: WheelOptions): string {
  const lines = ['Metadata-Version: 2.1', `Name: ${options.name}`, `Version: ${options.version}`];
  if (options.summary) lines.push(`Summary: ${options.summary}`);
  if (options.requiresPython) lines.push(`Requires-Python: ${options.requiresPython}`);
  for (const requirement of options.requires ?? []) lines.push(`Requires-Dist: ${requirement}`);
  return `${lines.join('\n')}\n\n`;
}

function defaultFiles(options: WheelOptions): Record<string, string> {
  const module = defaultModuleName(options.name);
  const source = [
    `__version__ = ${JSON.stringify(options.version)}`,
    '',
    'def main():',
    `    print(${JSON.stringify(`${options.name} ${options.version}`)})`,
    '',
  ].join('\n');
  return { [`${module}/__init__.py`]: source };
}

/** Builds a valid, deterministic wheel in memory (METADATA, WHEEL, entry points, RECORD with hashes). */
export async function buildWheel(options: WheelOptions): Promise<BuiltWheel> {
  const distribution = `${wheelNameComponent(options.name)}-${options.version}`;
  const distInfo = `${distribution}.dist-info`;
  const tag = `${options.pythonTag ?? 'py3'}-${options.abiTag ?? 'none'}-${options.platformTag ?? 'any'}`;
  const contents: ZipEntry[] = Object.entries(options.files ?? defaultFiles(options)).map(([path, data]) => ({
    path,
    data: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'),
  }));
  contents.push({ path: `${distInfo}/METADATA`, data: Buffer.from(metadataText(options)) });
  contents.push({
    path: `${distInfo}/WHEEL`,
    data: Buffer.from(`Wheel-Version: 1.0\nGenerator: runtime-env-testkit\nRoot-Is-Purelib: true\nTag: ${tag}\n\n`),
  });
  const scripts = Object.entries(options.consoleScripts ?? {});
  if (scripts.length > 0) {
    const lines = scripts.map(([command, target]) => `${command} = ${target}`);
    contents.push({ path: `${distInfo}/entry_points.txt`, data: Buffer.from(`[console_scripts]\n${lines.join('\n')}\n`) });
  }
  const record = contents.map((entry) => `${entry.path},${recordHash(entry.data)},${entry.data.length}`);
  record.push(`${distInfo}/RECORD,,`);
  contents.push({ path: `${distInfo}/RECORD`, data: Buffer.from(`${record.join('\n')}\n`) });

  const data = await createZipArchive(contents);
  return {
    name: normalizeProjectName(options.name),
    version: options.version,
    fileName: `${distribution}-${tag}.whl`,
    data,
    sha256: createHash('sha256').update(data).digest('hex'),
    ...(options.requiresPython ? { requiresPython: options.requiresPython } : {}),
  };
}

/** Builds a wheel and writes it into `directory` (created if missing); returns it with its path. */
export async function writeWheel(directory: string, options: WheelOptions): Promise<BuiltWheel & { path: string }> {
  const wheel = await buildWheel(options);
  await mkdir(directory, { recursive: true });
  const path = join(directory, wheel.fileName);
  await writeFile(path, wheel.data);
  return { ...wheel, path };
}
