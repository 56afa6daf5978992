import { promises as fs } from 'node:fs';
import path from 'node:path';
import { measureDirectorySize, type CreateContext, type CreateResult } from '@runtime-env/plugin-api';
import type { WorkingDirOptions } from '../plugin-options.js';
import { fetchRemote } from '../sources/fetch-remote.js';
import { checkoutGitCommit } from '../sources/git-source.js';
import { parseKey, storeObjectIdentity } from '../uri/plugin-key.js';
import { extractPackage } from './extract-package.js';
import { installWheel } from './install-wheel.js';
import { useStorePackage } from './store-package-lifetime.js';

/** Where a URI's files are, inside its directory; the other names there are scratch space. */
export const contentFolderName = 'content';

/** Ray drops a lone top-level folder of remote archives (ignoring macOS's `__MACOSX`). */
async function unwrapSingleFolder(directory: string): Promise<string> {
  const names = (await fs.readdir(directory)).filter((name) => name !== '__MACOSX');
  if (names.length !== 1) return directory;
  const only = path.join(directory, names[0]!);
  return (await fs.lstat(only)).isDirectory() ? only : directory;
}

/** Builds one working_dir or py_modules URI in `ctx.directory/content`, from the package its key names. */
export async function materializePackage(ctx: CreateContext<WorkingDirOptions>): Promise<CreateResult> {
  const reference = parseKey(ctx.key);
  const content = path.join(ctx.directory, contentFolderName);
  const download = path.join(ctx.directory, '.download');
  const staging = path.join(ctx.directory, '.staging');
  await fs.mkdir(download, { recursive: true });
  // Known when a store package was extracted by a reader that counts bytes; spares walking the result.
  let knownBytes: number | undefined;
  // Before the package is read, so the last other user's garbage collection keeps it.
  const packageBytes = await useStorePackage(ctx.uri, ctx.key, reference.location, ctx);
  try {
    if (reference.identity.kind === 'commit') {
      ctx.progress({ phase: 'cloning', message: reference.location });
      await checkoutGitCommit(reference.location, reference.identity.value, staging, path.join(download, 'git'), ctx.options, ctx.signal);
      await fs.rename(staging, content);
    } else if (reference.location.endsWith('.whl')) {
      const wheel = path.join(download, path.basename(reference.location));
      await fetchRemote(reference, wheel, ctx.options, ctx);
      ctx.progress({ phase: 'installing', message: path.basename(wheel) });
      await installWheel(wheel, content, ctx);
    } else {
      const extractedBytes = await extractPackage(reference, staging, download, ctx);
      const fromStore = storeObjectIdentity(reference.location) !== undefined;
      await fs.rename(fromStore ? staging : await unwrapSingleFolder(staging), content);
      if (fromStore) knownBytes = extractedBytes;
    }
  } finally {
    await fs.rm(download, { recursive: true, force: true });
    await fs.rm(staging, { recursive: true, force: true });
  }
  const contentBytes = knownBytes ?? (await measureDirectorySize(ctx.directory)).apparentBytes;
  return {
    sizeBytes: contentBytes + packageBytes,
    details: { location: reference.location, identity: `${reference.identity.kind}:${reference.identity.value}`, content: contentFolderName, contentBytes },
  };
}
