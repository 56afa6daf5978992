import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

export class WheelMetadataUnreadable extends Error {}

const maximumMetadataBytes = 16 * 1024 * 1024;

/**
 * The `*.dist-info/METADATA` of a wheel, read from its zip central directory
 * without unpacking anything (a wheel is untrusted: sizes are bounded, and a
 * wheel with no or several `.dist-info` folders, or zip64 records, is refused so
 * pip reads it instead).
 */
export async function metadataFromWheel(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end === -1) throw new WheelMetadataUnreadable(`${path} is not a zip file`);
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (entries === 0xffff || directoryOffset === 0xffffffff || directorySize > size) throw new WheelMetadataUnreadable(`${path} uses zip64 records`);
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    const distInfos = new Set<string>();
    let found: { method: number; compressed: number; uncompressed: number; localOffset: number } | undefined;
    let position = 0;
    for (let index = 0; index < entries; index += 1) {
      if (directory.readUInt32LE(position) !== 0x02014b50) throw new WheelMetadataUnreadable(`${path} has a damaged central directory`);
      const nameLength = directory.readUInt16LE(position + 28);
      const extraLength = directory.readUInt16LE(position + 30);
      const commentLength = directory.readUInt16LE(position + 32);
      const name = directory.toString('utf8', position + 46, position + 46 + nameLength);
      const top = name.split('/')[0] as string;
      if (top.endsWith('.dist-info') && name.includes('/')) distInfos.add(top);
      if (/^[^/]+\.dist-info\/METADATA$/.test(name)) {
        found = {
          method: directory.readUInt16LE(position + 10),
          compressed: directory.readUInt32LE(position + 20),
          uncompressed: directory.readUInt32LE(position + 24),
          localOffset: directory.readUInt32LE(position + 42),
        };
      }
      position += 46 + nameLength + extraLength + commentLength;
    }
    if (distInfos.size !== 1 || !found) throw new WheelMetadataUnreadable(`${path} has ${distInfos.size} .dist-info folders${found ? '' : ' and no METADATA'}`);
    if (found.uncompressed > maximumMetadataBytes || found.compressed > maximumMetadataBytes)
      throw new WheelMetadataUnreadable(`${path}: METADATA is too large`);
    const header = Buffer.alloc(30);
    await file.read(header, 0, 30, found.localOffset);
    if (header.readUInt32LE(0) !== 0x04034b50) throw new WheelMetadataUnreadable(`${path} has a damaged local header`);
    const dataOffset = found.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const data = Buffer.alloc(found.compressed);
    await file.read(data, 0, found.compressed, dataOffset);
    if (found.method === 0) return data.toString('utf8');
    if (found.method === 8) return inflateRawSync(data, { maxOutputLength: maximumMetadataBytes }).toString('utf8');
    throw new WheelMetadataUnreadable(`${path}: METADATA uses compression method ${found.method}`);
  } finally {
    await file.close();
  }
}
