import path from 'node:path';
import { ValidationError } from '@runtime-env/plugin-api';
import type { WorkingDirOptions } from '../plugin-options.js';
import { LocalPackageStore } from './local-package-store.js';
import type { PackageStore } from './package-store.js';
import { S3PackageStore } from './s3-package-store.js';

/** The store the options name, the default under the data directory, or undefined when switched off (`store: null`). */
export function openPackageStore(options: WorkingDirOptions, dataDirectory: string): PackageStore | undefined {
  if (options.store === null) return undefined;
  const uri = options.store ?? path.join(dataDirectory, 'packages');
  if (uri.startsWith('s3://')) return new S3PackageStore(uri, options.s3);
  if (uri.startsWith('file://')) return LocalPackageStore.fromUri(uri);
  if (path.isAbsolute(uri)) return new LocalPackageStore(uri);
  throw new ValidationError([
    {
      code: 'invalid_store',
      path: 'store',
      message: `plugin option "store" must be file:///absolute/dir, an absolute path or s3://bucket/prefix, not "${uri}"`,
    },
  ]);
}
