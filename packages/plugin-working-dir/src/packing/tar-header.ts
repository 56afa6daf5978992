/** The fixed time written for every entry (1980-01-01, the earliest a zip can hold), so packages are reproducible. */
export const packageEntryTime = 315_532_800;

const blockBytes = 512;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, length, 'utf8');
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/** Splits a long path at a `/` into ustar's 155-byte prefix and 100-byte name, when it fits. */
function splitForUstar(pathBytes: Buffer): { name: string; prefix: string } | undefined {
  if (pathBytes.length <= 100) return { name: pathBytes.toString('utf8'), prefix: '' };
  for (let index = pathBytes.length - 101; index < pathBytes.length; index += 1) {
    if (index <= 0 || index > 155 || pathBytes[index] !== 0x2f) continue;
    return { prefix: pathBytes.subarray(0, index).toString('utf8'), name: pathBytes.subarray(index + 1).toString('utf8') };
  }
  return undefined;
}

function ustarHeader(name: string, prefix: string, type: '0' | '5' | 'x', mode: number, size: number): Buffer {
  const header = Buffer.alloc(blockBytes);
  writeString(header, 0, 100, name);
  writeOctal(header, 100, 8, mode);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, packageEntryTime);
  header.fill(0x20, 148, 156);
  header.write(type, 156, 1, 'ascii');
  header.write('ustar\u000000', 257, 8, 'ascii');
  writeString(header, 345, 155, prefix);
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

/** Zero bytes after `size` bytes of content, up to the next 512-byte block. */
export function paddingBytes(size: number): number {
  const remainder = size % blockBytes;
  return remainder === 0 ? 0 : blockBytes - remainder;
}

function paddingFor(size: number): Buffer {
  return Buffer.alloc(paddingBytes(size));
}

/** The header blocks of one entry: a PAX record first when the path does not fit ustar. */
export function entryHeader(relativePath: string, kind: 'file' | 'directory', mode: number, size: number): Buffer {
  const fullPath = kind === 'directory' ? `${relativePath}/` : relativePath;
  const type = kind === 'directory' ? '5' : '0';
  const split = splitForUstar(Buffer.from(fullPath));
  if (split) return ustarHeader(split.name, split.prefix, type, mode, size);
  const pax = Buffer.from(paxRecord('path', fullPath));
  const shortName = Buffer.from(fullPath)
    .subarray(0, 99)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return Buffer.concat([ustarHeader('PaxHeader', '', 'x', 0o644, pax.length), pax, paddingFor(pax.length), ustarHeader(shortName, '', type, mode, size)]);
}

/** Two zero blocks end a tar archive. */
export const endOfArchive = Buffer.alloc(blockBytes * 2);
