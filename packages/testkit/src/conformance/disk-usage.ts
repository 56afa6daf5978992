import { measureDirectorySize, type DirectorySize } from '@runtime-env/plugin-api';

/** What `du` reports for a directory, by length and by allocated blocks, each hardlinked file once. */
export type DiskUsage = Pick<DirectorySize, 'apparentBytes' | 'allocatedBytes'>;

/**
 * Measures a directory the way `du` does: the independent observer the size
 * checks compare a plugin's own report against. The plugin API's measure, which
 * plugins may use too; it is checked against `du` itself in its own tests.
 */
export async function measureDiskUsage(root: string): Promise<DiskUsage> {
  const { apparentBytes, allocatedBytes } = await measureDirectorySize(root);
  return { apparentBytes, allocatedBytes };
}
