/** One POSIX ustar header, as the lean reader understands it. */
export interface UstarHeader {
  /** The raw path: prefix and name joined, not yet checked. */
  path: string;
  mode: number;
  size: number;
  /** The type flag: `0` file, `5` folder, `x` PAX record for the next entry... */
  type: string;
}

const blockBytes = 512;

function isZeroBlock(block: Buffer): boolean {
  for (let index = 0; index < blockBytes; index += 1) if (block[index] !== 0) return false;
  return true;
}

function cString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.toString('utf8', 0, end === -1 ? length : end);
}

/** An octal field; undefined for anything else (base-256 sizes, stray characters), which the full parser handles. */
function octal(block: Buffer, offset: number, length: number): number | undefined {
  const text = block
    .toString('ascii', offset, offset + length)
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  if (!/^[0-7]*$/.test(text)) return undefined;
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function checksumMatches(block: Buffer): boolean {
  const stored = octal(block, 148, 8);
  let sum = 0;
  for (let index = 0; index < blockBytes; index += 1) sum += index >= 148 && index < 156 ? 0x20 : block[index]!;
  return stored === sum;
}

/**
 * Reads one 512-byte header: `end` for the zero block that ends an archive, a
 * header for a POSIX ustar entry, or `unsupported` for everything else (old GNU
 * or v7 headers, bad checksums, base-256 numbers), which goes to the full parser.
 */
export function parseUstarHeader(block: Buffer): UstarHeader | 'end' | 'unsupported' {
  if (isZeroBlock(block)) return 'end';
  if (block.toString('ascii', 257, 265) !== 'ustar\u000000' || !checksumMatches(block)) return 'unsupported';
  const mode = octal(block, 100, 8);
  const size = octal(block, 124, 12);
  if (mode === undefined || size === undefined) return 'unsupported';
  const name = cString(block, 0, 100);
  const prefix = cString(block, 345, 155);
  return { path: prefix ? `${prefix}/${name}` : name, mode, size, type: String.fromCharCode(block[156]!) };
}

/** PAX keys that only carry times and owners, which extraction does not use. */
const ignoredPaxKeys = new Set(['mtime', 'atime', 'ctime', 'uid', 'gid', 'uname', 'gname', 'comment']);

/**
 * The `path` and `size` a PAX extended header sets for the next entry, or
 * `unsupported` when it holds anything else (links, sparse files, vendor keys).
 */
export function parsePaxRecords(body: Buffer): { path?: string; size?: number } | 'unsupported' {
  const result: { path?: string; size?: number } = {};
  let offset = 0;
  while (offset < body.length) {
    if (body[offset] === 0) break;
    const space = body.indexOf(0x20, offset);
    const length = space === -1 ? Number.NaN : Number(body.toString('ascii', offset, space));
    if (!Number.isSafeInteger(length) || length <= space - offset || offset + length > body.length || body[offset + length - 1] !== 0x0a) return 'unsupported';
    const record = body.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    if (equals <= 0) return 'unsupported';
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') result.path = value;
    else if (key === 'size' && /^[0-9]+$/.test(value)) result.size = Number(value);
    else if (!ignoredPaxKeys.has(key)) return 'unsupported';
    offset += length;
  }
  return result;
}
