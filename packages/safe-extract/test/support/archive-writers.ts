import { crc32, gzipSync } from 'node:zlib';

/**
 * Writers of archives with anything in them, for tests: unlike archiving
 * libraries, they write absolute names, `..`, duplicates and links exactly as
 * asked, which is what a hostile archive does.
 */
export type RawEntry =
  | { kind: 'file'; name: string; content: Buffer; mode?: number }
  | { kind: 'directory'; name: string }
  | { kind: 'symlink'; name: string; target: string }
  | { kind: 'hardlink'; name: string; target: string };

const blockBytes = 512;

function padding(size: number): Buffer {
  return Buffer.alloc((blockBytes - (size % blockBytes)) % blockBytes);
}

function octal(block: Buffer, value: number, offset: number, length: number): void {
  block.write(value.toString(8).padStart(length - 1, '0'), offset, length - 1, 'ascii');
}

function header(name: string, type: string, size: number, mode: number, linkName = ''): Buffer {
  const block = Buffer.alloc(blockBytes);
  block.write(name, 0, 100, 'utf8');
  octal(block, mode, 100, 8);
  octal(block, 0, 108, 8);
  octal(block, 0, 116, 8);
  octal(block, size, 124, 12);
  octal(block, 0, 136, 12);
  block.fill(' ', 148, 156);
  block.write(type, 156, 1, 'ascii');
  block.write(linkName, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'binary');
  let sum = 0;
  for (const byte of block) sum += byte;
  octal(block, sum, 148, 7);
  return block;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = Buffer.byteLength(body);
  // The length counts its own digits: settle on a number whose digits fit.
  let length = bodyBytes + 1;
  while (bodyBytes + String(length).length !== length) length = bodyBytes + String(length).length;
  return `${length}${body}`;
}

/** A POSIX tar; names and link targets over 100 bytes go in PAX records. */
export function writeRawTar(entries: readonly RawEntry[], options: { gzip?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const linkName = entry.kind === 'symlink' || entry.kind === 'hardlink' ? entry.target : '';
    const records = [
      Buffer.byteLength(entry.name) > 100 ? paxRecord('path', entry.name) : '',
      Buffer.byteLength(linkName) > 100 ? paxRecord('linkpath', linkName) : '',
    ].join('');
    if (records) {
      const body = Buffer.from(records);
      parts.push(header('PaxHeader', 'x', body.length, 0o644), body, padding(body.length));
    }
    const shortName = Buffer.from(entry.name).subarray(0, 100).toString('utf8');
    const shortLink = Buffer.from(linkName).subarray(0, 100).toString('utf8');
    if (entry.kind === 'file') {
      parts.push(header(shortName, '0', entry.content.length, entry.mode ?? 0o644), entry.content, padding(entry.content.length));
    } else if (entry.kind === 'directory') {
      parts.push(header(shortName, '5', 0, 0o755));
    } else {
      parts.push(header(shortName, entry.kind === 'symlink' ? '2' : '1', 0, 0o777, shortLink));
    }
  }
  parts.push(Buffer.alloc(blockBytes * 2));
  const tar = Buffer.concat(parts);
  return options.gzip ? gzipSync(tar) : tar;
}

/** A zip with stored (uncompressed) members, Unix modes in the external attributes. Hard links become files. */
export function writeRawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const isDirectory = entry.kind === 'directory';
    const name = Buffer.from(isDirectory && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name);
    const data =
      entry.kind === 'file'
        ? entry.content
        : entry.kind === 'symlink'
          ? Buffer.from(entry.target)
          : entry.kind === 'hardlink'
            ? Buffer.from(`copy of ${entry.target}`)
            : Buffer.alloc(0);
    const typeBits = entry.kind === 'symlink' ? 0o120000 : isDirectory ? 0o040000 : 0o100000;
    const mode = typeBits | (entry.kind === 'file' ? (entry.mode ?? 0o644) : isDirectory ? 0o755 : 0o777);
    const checksum = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}
