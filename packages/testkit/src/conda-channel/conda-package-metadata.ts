import { createHash } from 'node:crypto';
import type { TarEntry } from './tar-writer.js';
import { CONDA_PREFIX_PLACEHOLDER, buildStringOf, subdirOf, type CondaPackageDefinition } from './conda-package-definition.js';

const fixedTimestamp = 1_700_000_000_000;

/** `info/index.json`: the record repodata.json repeats for the package. */
export function indexJson(definition: CondaPackageDefinition): Record<string, unknown> {
  const subdir = subdirOf(definition);
  return {
    name: definition.name,
    version: definition.version,
    build: buildStringOf(definition),
    build_number: definition.buildNumber ?? 0,
    depends: definition.depends ?? [],
    constrains: definition.constrains ?? [],
    subdir,
    ...(definition.noarch
      ? { noarch: definition.noarch }
      : { arch: subdir.split('-')[1] === '64' ? 'x86_64' : subdir.split('-')[1], platform: subdir.split('-')[0] }),
    license: definition.license ?? 'MIT',
    timestamp: fixedTimestamp,
  };
}

/** Every `info/` member: index.json, paths.json, files, has_prefix and, for noarch, link.json. */
export function infoEntries(definition: CondaPackageDefinition): TarEntry[] {
  const paths = definition.files.map((file) => {
    if (file.symlinkTarget !== undefined) {
      return {
        _path: file.path,
        path_type: 'softlink',
        sha256: sha256Hex(Buffer.from(file.symlinkTarget)),
        size_in_bytes: Buffer.byteLength(file.symlinkTarget),
      };
    }
    const content = contentOf(file.content);
    return {
      _path: file.path,
      path_type: 'hardlink',
      sha256: sha256Hex(content),
      size_in_bytes: content.length,
      ...(file.prefixPlaceholder ? { prefix_placeholder: CONDA_PREFIX_PLACEHOLDER, file_mode: file.prefixPlaceholder } : {}),
    };
  });
  const hasPrefix = definition.files
    .filter((file) => file.prefixPlaceholder)
    .map((file) => `${CONDA_PREFIX_PLACEHOLDER} ${file.prefixPlaceholder} ${file.path}\n`)
    .join('');
  const entries: TarEntry[] = [
    jsonEntry('info/index.json', indexJson(definition)),
    jsonEntry('info/paths.json', { paths, paths_version: 1 }),
    { kind: 'file', path: 'info/files', content: Buffer.from(definition.files.map((file) => `${file.path}\n`).join('')) },
  ];
  if (hasPrefix) entries.push({ kind: 'file', path: 'info/has_prefix', content: Buffer.from(hasPrefix) });
  if (definition.noarch === 'python') {
    entries.push(jsonEntry('info/link.json', { noarch: { type: 'python', entry_points: definition.entryPoints ?? [] }, package_metadata_version: 1 }));
  }
  return entries;
}

/** The package's own files, as tar entries. */
export function payloadEntries(definition: CondaPackageDefinition): TarEntry[] {
  return definition.files.map(
    (file): TarEntry =>
      file.symlinkTarget !== undefined
        ? { kind: 'symlink', path: file.path, target: file.symlinkTarget }
        : { kind: 'file', path: file.path, content: contentOf(file.content), executable: file.executable ?? false },
  );
}

export function contentOf(content: string | Buffer | undefined): Buffer {
  if (content === undefined) return Buffer.alloc(0);
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function jsonEntry(path: string, value: unknown): TarEntry {
  return { kind: 'file', path, content: Buffer.from(`${JSON.stringify(value, null, 2)}\n`) };
}
