/** One package the solver chose, with what the installer needs to fetch and verify it. */
export interface SolvedCondaPackage {
  name: string;
  version: string;
  build: string;
  buildNumber: number;
  /** The channel URL it came from. */
  channel: string;
  subdir: string;
  url: string;
  fileName: string;
  md5?: string;
  sha256?: string;
  size?: number;
  depends: string[];
}

/** The directory name a package is known by in caches and `conda-meta/`. */
export function packageStem(solved: Pick<SolvedCondaPackage, 'name' | 'version' | 'build'>): string {
  return `${solved.name}-${solved.version}-${solved.build}`;
}
