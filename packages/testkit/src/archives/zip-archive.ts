import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** One file of a zip archive. */
export interface ZipEntry {
  path: string;
  data: Buffer;
}

export interface ZipWriteOptions {
  /** `deflate` (wheels) or `store` (`.conda` packages keep their members uncompressed). */
  compression?: 'deflate' | 'store';
}

// A fixed timestamp (1980-01-01, the zip epoch) keeps archives byte-identical across
// runs, so a wheel or package built twice from the same inputs has the same sha256.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Writes a zip archive in memory; enough for wheels and `.conda` packages, no zip64. */
export function createZipArchive(entries: readonly ZipEntry[], options: ZipWriteOptions = {}): Buffer {
  const method = options.compression === 'store' ? 0 : 8;
  const localParts: Buffer[] = [];
  const centralParts: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.path, 'utf8');
    const stored = method === 8 ? deflateRawSync(entry.data) : entry.data;
    const checksum = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    localParts.push(local, name, stored);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the external attributes carry permissions
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centralParts.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const centralDirectory = Buffer.concat(centralParts);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...localParts, centralDirectory, end]);
}

/** Writes a zip archive of stored (uncompressed) members, as `.conda` packages are. */
export function writeStoredZip(members: readonly { name: string; content: Buffer }[]): Buffer {
  return createZipArchive(members.map((member) => ({ path: member.name, data: member.content })), { compression: 'store' });
}

/** Reads every member of a zip archive (stored or deflated), as a wheel is. */
export function readZip(archive: Buffer): { name: string; content: Buffer; executable: boolean }[] {
  const endOffset = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOffset < 0) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(endOffset + 10);
  let cursor = archive.readUInt32LE(endOffset + 16);
  const members: { name: string; content: Buffer; executable: boolean }[] = [];
  for (let index = 0; index < count; index += 1) {
    const method = archive.readUInt16LE(cursor + 10);
    const compressedSize = archive.readUInt32LE(cursor + 20);
    const nameLength = archive.readUInt16LE(cursor + 28);
    const extraLength = archive.readUInt16LE(cursor + 30);
    const commentLength = archive.readUInt16LE(cursor + 32);
    const externalAttributes = archive.readUInt32LE(cursor + 38);
    const localOffset = archive.readUInt32LE(cursor + 42);
    const name = archive.toString('utf8', cursor + 46, cursor + 46 + nameLength);
    const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    const content = method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : unsupported(method, name);
    members.push({ name, content, executable: ((externalAttributes >>> 16) & 0o111) !== 0 });
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}

function unsupported(method: number, name: string): never {
  throw new Error(`zip member ${name} uses compression method ${method}; only stored and deflated are read`);
}
