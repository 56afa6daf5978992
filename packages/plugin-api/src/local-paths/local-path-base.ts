import { isAbsolute, resolve } from 'node:path';
import { ValidationError } from '../errors/validation-error.js';

/**
 * Where relative local paths resolve while a document is validated: a folder,
 * `null` to refuse them, or undefined for this process's working directory (a
 * local `rtenv` run, a library caller). The agent validates with the folder its
 * client named, or with `null`: its own working directory means nothing to a client.
 *
 * Ambient rather than passed to the schemas, because a zod schema gets no caller
 * context; validation is synchronous, so one validation never sees another's base.
 */
interface LocalPathBaseSlot {
  base: string | null | undefined;
}

// Kept on a global symbol, not in this module: a plugin that resolved another
// installed copy of this package must still see the base the core set (an agent
// would otherwise resolve a client's relative path against its own folder).
const slot: LocalPathBaseSlot = ((globalThis as Record<symbol, LocalPathBaseSlot | undefined>)[Symbol.for('runtime-env.local-path-base')] ??= {
  base: undefined,
});

export function withLocalPathBase<T>(base: string | null | undefined, validate: () => T): T {
  const previous = slot.base;
  slot.base = base;
  try {
    return validate();
  } finally {
    slot.base = previous;
  }
}

/**
 * Makes a local path from a document absolute against the caller's folder. Plugin
 * schemas call it for every local path they accept instead of `path.resolve`.
 * `field` is where the path is in the document (`pip`, `py_modules[1]`), for the
 * refusal's message.
 */
export function resolveLocalPath(localPath: string, field: string): string {
  if (isAbsolute(localPath)) return localPath;
  const currentBase = slot.base;
  if (currentBase === null) {
    throw new ValidationError([
      {
        code: 'relative_local_path',
        path: field,
        message:
          `"${localPath}" is a relative path, and the agent never resolves a path against its own working directory; ` +
          'send an absolute path (local paths are read on the agent\'s host) or a URI, or send "baseDirectory" with the request ' +
          "(the rtenv CLI and @runtime-env/client send the caller's folder)",
      },
    ]);
  }
  return resolve(currentBase ?? process.cwd(), localPath);
}
