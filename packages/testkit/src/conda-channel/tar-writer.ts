import { Header, PackSync, ReadEntry, type HeaderData } from 'tar';

/** One entry of a tar archive written by `writeTar`. */
export type TarEntry =
  | { kind: 'file'; path: string; content: Buffer; executable?: boolean }
  | { kind: 'directory'; path: string }
  | { kind: 'symlink'; path: string; target: string };

// Fixed, so the same entries always give the same bytes (and so the same checksums in repodata).
const fixedMtime = new Date(0);

/**
 * Writes a POSIX tar of in-memory entries with node-tar (PAX records for long
 * names and link targets). Paths and link targets are written as given, `..` and
 * absolute ones included: a hostile test package needs exactly that.
 */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const pack = new PackSync({ preservePaths: true, strict: true, mtime: fixedMtime });
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const entry of entries) {
    const content = entry.kind === 'file' ? entry.content : Buffer.alloc(0);
    const readEntry = new ReadEntry(new Header(headerFields(entry, content.length)));
    pack.add(readEntry);
    readEntry.end(content);
  }
  pack.end();
  return Buffer.concat(chunks);
}

function headerFields(entry: TarEntry, size: number): HeaderData {
  const owner = { uid: 0, gid: 0, mtime: fixedMtime, size };
  switch (entry.kind) {
    case 'file':
      return { ...owner, path: entry.path, type: 'File', mode: entry.executable ? 0o755 : 0o644 };
    case 'directory':
      return { ...owner, path: `${entry.path.replace(/\/$/, '')}/`, type: 'Directory', mode: 0o755 };
    case 'symlink':
      return { ...owner, path: entry.path, type: 'SymbolicLink', mode: 0o777, linkpath: entry.target };
  }
}
