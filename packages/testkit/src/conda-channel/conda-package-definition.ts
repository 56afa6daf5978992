/**
 * The placeholder a package's files carry where the build prefix was. It is long
 * (255 bytes, like conda-build's) because a binary file can only be relocated to a
 * prefix no longer than the placeholder it was built with.
 */
export const CONDA_PREFIX_PLACEHOLDER = `/opt/runtime-env-testkit/conda-build_${'_placehold'.repeat(22)}`.slice(0, 255);

/** One file of a test conda package. */
export interface CondaPackageFile {
  /** Relative path inside the package (for `noarch: python`, `site-packages/...` or `python-scripts/...`). */
  path: string;
  /** The bytes; absent for a symbolic link. */
  content?: string | Buffer;
  executable?: boolean;
  /** Where a symbolic link points (relative or absolute). */
  symlinkTarget?: string;
  /**
   * The content holds `CONDA_PREFIX_PLACEHOLDER`, to be rewritten to the real prefix
   * at install: `text` replaces it anywhere, `binary` in NUL-terminated strings only.
   */
  prefixPlaceholder?: 'text' | 'binary';
}

/** A conda package the channel builder writes. Defaults: build `h0_0`, subdir `linux-64`. */
export interface CondaPackageDefinition {
  name: string;
  version: string;
  build?: string;
  buildNumber?: number;
  depends?: string[];
  constrains?: string[];
  /** `noarch` packages live in the channel's `noarch/` subdir. */
  noarch?: 'python' | 'generic';
  subdir?: string;
  files: CondaPackageFile[];
  /** For `noarch: python`: console scripts such as `pip = pip._internal.cli.main:main`. */
  entryPoints?: string[];
  license?: string;
}

/** The subdir a definition belongs in. */
export function subdirOf(definition: CondaPackageDefinition): string {
  return definition.noarch ? 'noarch' : (definition.subdir ?? 'linux-64');
}

export function buildStringOf(definition: CondaPackageDefinition): string {
  return definition.build ?? `h0_${definition.buildNumber ?? 0}`;
}

export function fileNameStem(definition: CondaPackageDefinition): string {
  return `${definition.name}-${definition.version}-${buildStringOf(definition)}`;
}
