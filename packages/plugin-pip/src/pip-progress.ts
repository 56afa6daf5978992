import type { ProgressUpdate } from '@runtime-env/plugin-api';

const sizeUnits: Record<string, number> = { bytes: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** `(35 kB)` → 35000. pip prints decimal units. */
export function parseSize(text: string): number | undefined {
  const match = /\(([\d.]+)\s*(bytes|kB|KB|MB|GB|KiB|MiB|GiB)\)/.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (sizeUnits[match[2] as string] as number));
}

/**
 * Turns pip's output, line by line, into progress updates. Download bytes are
 * cumulative over the run: pip prints each file's size as it starts it, so a
 * file counts as done when the next line arrives.
 */
export function createPipProgressParser(report: (update: ProgressUpdate) => void): (line: string) => void {
  let bytesDone = 0;
  let bytesTotal = 0;
  let pendingDownload = 0;
  const finishPendingDownload = (): void => {
    bytesDone += pendingDownload;
    pendingDownload = 0;
  };
  return (line) => {
    const text = line.trim();
    let match: RegExpExecArray | null;
    if ((match = /^Downloading (\S+)/.exec(text))) {
      finishPendingDownload();
      const size = parseSize(text) ?? 0;
      pendingDownload = size;
      bytesTotal += size;
      const file = (match[1] as string).split('/').pop() as string;
      report({ phase: 'downloading', message: file, bytesDone, bytesTotal });
      return;
    }
    finishPendingDownload();
    if ((match = /^Collecting (.+?)(?: \(from .*\))?$/.exec(text))) report({ phase: 'collecting', message: match[1] as string });
    else if ((match = /^(?:Processing|Using cached|File was already downloaded) (\S+)/.exec(text))) {
      report({ phase: 'collecting', message: (match[1] as string).split('/').pop() as string });
    } else if ((match = /^Building wheels? for (\S+)/.exec(text))) report({ phase: 'building', message: match[1] as string });
    else if ((match = /^Installing collected packages: (.+)$/.exec(text))) {
      report({ phase: 'installing', message: match[1] as string, ...(bytesTotal > 0 ? { bytesDone, bytesTotal } : {}) });
    } else if ((match = /^Successfully installed (.+)$/.exec(text))) report({ phase: 'installed', message: match[1] as string });
  };
}
