/** Where packed local paths are uploaded, and where nodes fetch them from. */
export interface PackageStore {
  /** `file:///dir` or `s3://bucket/prefix`, without a trailing `/`. */
  readonly uri: string;
  /** The URI of the object called `name` in this store. */
  uriOf(name: string): string;
  exists(name: string, signal?: AbortSignal): Promise<boolean>;
  /**
   * Publishes the local file under `name`; readers never see a partial object. The
   * file is consumed (moved where possible) and no longer exists afterwards.
   */
  put(name: string, localFile: string, signal?: AbortSignal): Promise<void>;
  /** Where the object called `name` is on this machine's file system, for stores that are a local folder. */
  localPathOf?(name: string): string;
  /** A folder where `put` can move a file from cheaply, or undefined to use any temporary folder. */
  readonly stagingDirectory?: string;
}
