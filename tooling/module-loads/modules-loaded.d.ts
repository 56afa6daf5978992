export interface LoadOptions {
  /** Resolve workspace packages to their TypeScript sources (through tsx) instead of their built `dist/`. */
  fromSource: boolean;
}
export declare function modulesLoadedBy(directory: string, code: string, options: LoadOptions): string[];
export declare function packagesOf(files: readonly string[]): string[];
