const zstdMagic = 0xfd2fb528;
const maximumBlockSize = 128 * 1024;

/**
 * Wraps bytes in a valid zstd frame made only of raw (stored) blocks. The format
 * allows it and every zstd reader accepts it, so the channel builder can write
 * `.tar.zst` members without a zstd compressor.
 */
export function zstdRawFrame(content: Buffer): Buffer {
  const header = Buffer.alloc(4 + 1 + 8);
  header.writeUInt32LE(zstdMagic, 0);
  // Frame_Content_Size_flag = 3 (8-byte size), Single_Segment_flag = 1: no window descriptor needed.
  header.writeUInt8(0b1110_0000, 4);
  header.writeBigUInt64LE(BigInt(content.length), 5);
  const parts: Buffer[] = [header];
  let offset = 0;
  do {
    const size = Math.min(maximumBlockSize, content.length - offset);
    const last = offset + size >= content.length ? 1 : 0;
    const blockHeader = Buffer.alloc(3);
    blockHeader.writeUIntLE((size << 3) | last, 0, 3);
    parts.push(blockHeader, content.subarray(offset, offset + size));
    offset += size;
  } while (offset < content.length);
  return Buffer.concat(parts);
}
