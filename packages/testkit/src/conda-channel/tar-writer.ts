/** One entry of a tar archive written by `writeTar`. */
export type TarEntry =
  | { kind: 'file'; path: string; content: Buffer; executable?: boolean }
  | { kind: 'directory'; path: string }
  | { kind: 'symlink'; path: string; target: string };

const blockSize = 512;

/**
 * Writes a POSIX ustar archive. Timestamps and owners are fixed so the same
 * entries always give the same bytes (and so the same checksums in repodata).
 */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.kind === 'file' ? entry.content : Buffer.alloc(0);
    parts.push(tarHeader(entry, content.length));
    if (content.length > 0) {
      parts.push(content, Buffer.alloc((blockSize - (content.length % blockSize)) % blockSize));
    }
  }
  parts.push(Buffer.alloc(blockSize * 2));
  return Buffer.concat(parts);
}

function tarHeader(entry: TarEntry, size: number): Buffer {
  const header = Buffer.alloc(blockSize);
  const { name, prefix } = splitUstarPath(entry.kind === 'directory' ? `${entry.path.replace(/\/$/, '')}/` : entry.path);
  header.write(name, 0, 100, 'utf8');
  const mode = entry.kind === 'directory' || (entry.kind === 'file' && entry.executable) ? 0o755 : entry.kind === 'symlink' ? 0o777 : 0o644;
  writeOctal(header, mode, 100, 8);
  writeOctal(header, 0, 108, 8);
  writeOctal(header, 0, 116, 8);
  writeOctal(header, size, 124, 12);
  writeOctal(header, 0, 136, 12);
  header.fill(' ', 148, 156);
  header.write(entry.kind === 'file' ? '0' : entry.kind === 'directory' ? '5' : '2', 156, 1, 'ascii');
  if (entry.kind === 'symlink') {
    if (Buffer.byteLength(entry.target) > 100) throw new Error(`tar: symlink target longer than 100 bytes: ${entry.target}`);
    header.write(entry.target, 157, 100, 'utf8');
  }
  header.write('ustar\u000000', 257, 8, 'binary');
  header.write(prefix, 345, 155, 'utf8');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  writeOctal(header, checksum, 148, 7);
  return header;
}

function splitUstarPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  const cut = path.lastIndexOf('/', path.length - 2);
  const prefix = path.slice(0, cut);
  const name = path.slice(cut + 1);
  if (cut < 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) {
    throw new Error(`tar: path too long for ustar: ${path}`);
  }
  return { name, prefix };
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}
