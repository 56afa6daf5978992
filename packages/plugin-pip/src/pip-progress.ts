import type { ProgressUpdate } from '@runtime-env/plugin-api';

const sizeUnits: Record<string, number> = { bytes: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** `(35 kB)` → 35000. pip prints decimal units. */
export function parseSize(text: string): number | undefined {
  const match = /\(([\d.]+)\s*(bytes|kB|KB|MB|GB|KiB|MiB|GiB)\)/.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (sizeUnits[match[2] as string] as number));
}

/**
 * The download bytes of one creation, shared by every pip run in it and by the
 * wheel installer: each file counts once, by name, however many times it is
 * fetched (the resolution's dry run and the installation both print it).
 */
export interface DownloadTally {
  bytesDone: number;
  bytesTotal: number;
  /** File names already counted in `bytesTotal`. */
  counted: Set<string>;
}

export function createDownloadTally(): DownloadTally {
  return { bytesDone: 0, bytesTotal: 0, counted: new Set() };
}

/**
 * Turns pip's output, line by line, into progress updates. Download bytes are
 * cumulative over the creation: pip prints each file's size as it starts it, so a
 * file counts as done when the next line arrives.
 */
export function createPipProgressParser(report: (update: ProgressUpdate) => void, tally: DownloadTally = createDownloadTally()): (line: string) => void {
  let pendingDownload = 0;
  const finishPendingDownload = (): void => {
    tally.bytesDone += pendingDownload;
    pendingDownload = 0;
  };
  return (line) => {
    const text = line.trim();
    let match: RegExpExecArray | null;
    if ((match = /^Downloading (\S+)/.exec(text))) {
      finishPendingDownload();
      const file = (match[1] as string).split('/').pop() as string;
      if (!tally.counted.has(file)) {
        tally.counted.add(file);
        pendingDownload = parseSize(text) ?? 0;
        tally.bytesTotal += pendingDownload;
      }
      report({ phase: 'downloading', message: file, bytesDone: tally.bytesDone, bytesTotal: tally.bytesTotal });
      return;
    }
    finishPendingDownload();
    if ((match = /^Collecting (.+?)(?: \(from .*\))?$/.exec(text))) report({ phase: 'collecting', message: match[1] as string });
    else if ((match = /^(?:Processing|Using cached|File was already downloaded) (\S+)/.exec(text))) {
      report({ phase: 'collecting', message: (match[1] as string).split('/').pop() as string });
    } else if ((match = /^Building wheels? for (\S+)/.exec(text))) report({ phase: 'building', message: match[1] as string });
    else if ((match = /^Installing collected packages: (.+)$/.exec(text))) {
      report({
        phase: 'installing',
        message: match[1] as string,
        ...(tally.bytesTotal > 0 ? { bytesDone: tally.bytesDone, bytesTotal: tally.bytesTotal } : {}),
      });
    } else if ((match = /^Successfully installed (.+)$/.exec(text))) report({ phase: 'installed', message: match[1] as string });
  };
}
