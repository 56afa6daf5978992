import { posix } from 'node:path';

/** Where an installed file goes, relative to the venv, or why the wheel cannot be installed here. */
export type Placement = { destination: string } | { refused: string };

export interface VenvSchemes {
  /** `lib/python3.11/site-packages` (purelib and platlib are one folder in a venv). */
  sitePackages: string;
  /** `include/site/python3.11/<project>`, pip's headers folder inside a virtual environment. */
  headers: string;
}

/**
 * Maps a file of an unpacked wheel to its place in the environment, following
 * the binary distribution format: `<name>-<version>.data/<scheme>/...` goes to
 * that install scheme's folder (purelib, platlib, scripts, headers, data), every
 * other file to site-packages. Paths are already normalized and inside the
 * archive (safe-extract refuses `..` and absolute names); the result is
 * checked once more so nothing lands outside the environment.
 */
export function placeWheelFile(relativePath: string, dataDirectory: string | undefined, schemes: VenvSchemes): Placement {
  let destination: string;
  if (dataDirectory !== undefined && relativePath.startsWith(`${dataDirectory}/`)) {
    const [scheme, ...rest] = relativePath.slice(dataDirectory.length + 1).split('/');
    const inner = rest.join('/');
    if (inner.length === 0) return { refused: `${relativePath} is not inside an install scheme folder` };
    switch (scheme) {
      case 'purelib':
      case 'platlib':
        destination = posix.join(schemes.sitePackages, inner);
        break;
      case 'scripts':
        destination = posix.join('bin', inner);
        break;
      case 'headers':
        destination = posix.join(schemes.headers, inner);
        break;
      case 'data':
        destination = inner;
        break;
      default:
        return { refused: `${relativePath} names the unknown install scheme "${scheme}"` };
    }
  } else destination = posix.join(schemes.sitePackages, relativePath);
  const normalized = posix.normalize(destination);
  if (normalized.startsWith('../') || normalized === '..' || posix.isAbsolute(normalized))
    return { refused: `${relativePath} would be installed outside the environment` };
  return { destination: normalized };
}

/** pip's `#!python` convention: a `.data/scripts` file whose first line is exactly this gets the environment's interpreter instead. */
export function namesGenericPython(content: Buffer): boolean {
  const firstLine = content.subarray(0, Math.min(content.length, 64)).toString('latin1').split('\n')[0] ?? '';
  return /^#!pythonw?\r?$/.test(firstLine) || /^#!pythonw?\s/.test(firstLine);
}

/** The script without its first line. */
export function withoutFirstLine(content: Buffer): Buffer {
  const end = content.indexOf(0x0a);
  return end === -1 ? Buffer.alloc(0) : content.subarray(end + 1);
}
