export interface LoadOptions {
  /** Resolve workspace packages to their TypeScript sources (through tsx) instead of their built `dist/`. */
  fromSource: boolean;
}
/** The preload (`node --import`) that records every file a process loads into $RTENV_RECORD_LOADS. */
export declare const moduleLoadRecorder: string;
export declare function modulesLoadedBy(directory: string, code: string, options: LoadOptions): string[];
export declare function packagesOf(files: readonly string[]): string[];
