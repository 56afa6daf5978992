import { inflateRawSync } from 'node:zlib';
import yazl from 'yazl';

/** One file of a zip archive. */
export interface ZipEntry {
  path: string;
  data: Buffer;
}

export interface ZipWriteOptions {
  /** `deflate` (wheels) or `store` (`.conda` packages keep their members uncompressed). */
  compression?: 'deflate' | 'store';
}

// A fixed timestamp (1980-01-01, the zip epoch, in DOS fields only) keeps archives
// byte-identical across runs and time zones, so a wheel or package built twice from
// the same inputs has the same sha256.
const zipEpoch = new Date(1980, 0, 1);

/**
 * Writes a zip archive in memory with yazl; enough for wheels and `.conda`
 * packages. yazl refuses absolute and `..` names: a hostile zip is not made here.
 */
export async function createZipArchive(entries: readonly ZipEntry[], options: ZipWriteOptions = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const compress = options.compression !== 'store';
  for (const entry of entries) {
    zip.addBuffer(entry.data, entry.path, { mtime: zipEpoch, forceDosTimestamp: true, mode: 0o100644, compress });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes a zip archive of stored (uncompressed) members, as `.conda` packages are. */
export function writeStoredZip(members: readonly { name: string; content: Buffer }[]): Promise<Buffer> {
  return createZipArchive(
    members.map((member) => ({ path: member.name, data: member.content })),
    { compression: 'store' },
  );
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
