import type { ProgressEvent } from '@runtime-env/core';
import { formatBytes, formatDuration } from '@runtime-env/plugin-api/format';

/** What the display remembers of one plugin's creation: its latest step. */
export interface PluginProgress {
  plugin: string;
  kind: ProgressEvent['kind'];
  phase: string;
  message: string | undefined;
  bytesDone: number | undefined;
  bytesTotal: number | undefined;
  startedAt: number;
  endedAt: number | undefined;
}

export function applyProgressEvent(previous: PluginProgress | undefined, event: ProgressEvent, now: number): PluginProgress {
  const finished = event.kind === 'ready' || event.kind === 'failed';
  return {
    plugin: event.plugin,
    kind: event.kind,
    phase: event.phase,
    message: event.message ?? (event.phase === previous?.phase ? previous.message : undefined),
    bytesDone: event.bytesDone ?? (event.phase === previous?.phase ? previous.bytesDone : undefined),
    bytesTotal: event.bytesTotal ?? (event.phase === previous?.phase ? previous.bytesTotal : undefined),
    startedAt: previous?.startedAt ?? now,
    endedAt: finished ? now : undefined,
  };
}

export function formatByteProgress(progress: Pick<PluginProgress, 'bytesDone' | 'bytesTotal'>): string {
  if (progress.bytesDone === undefined) return '';
  if (progress.bytesTotal === undefined || progress.bytesTotal <= 0) return formatBytes(progress.bytesDone);
  const percent = Math.min(100, Math.floor((progress.bytesDone / progress.bytesTotal) * 100));
  return `${formatBytes(progress.bytesDone)}/${formatBytes(progress.bytesTotal)} ${percent}%`;
}

const statusMarks: Record<ProgressEvent['kind'], string> = { started: '…', progress: '…', retrying: '↻', ready: '✓', failed: '✗' };

/** One line of the live display: mark, plugin, phase, elapsed time, bytes, message. */
export function formatLiveLine(progress: PluginProgress, pluginWidth: number, now: number): string {
  const elapsed = formatDuration((progress.endedAt ?? now) - progress.startedAt);
  const parts = [statusMarks[progress.kind], progress.plugin.padEnd(pluginWidth), progress.phase.padEnd(12), elapsed.padStart(6)];
  // Once finished, the byte counters describe the result (its size), not a transfer.
  const bytes = progress.endedAt !== undefined ? formatByteProgress({ bytesDone: progress.bytesDone, bytesTotal: undefined }) : formatByteProgress(progress);
  if (bytes) parts.push(bytes);
  if (progress.message) parts.push(progress.message);
  return parts.join('  ');
}

/**
 * One line of the plain display, for logs and pipes: the step (`extracting`), or
 * the kind of event with its phase (`started (queued)`, `retrying (downloading)`); a
 * finished URI shows its size rather than a transfer.
 */
export function formatPlainLine(event: ProgressEvent): string {
  const finished = event.kind === 'ready' || event.kind === 'failed';
  const bytes = finished
    ? formatByteProgress({ bytesDone: event.bytesDone, bytesTotal: undefined })
    : formatByteProgress({ bytesDone: event.bytesDone, bytesTotal: event.bytesTotal });
  const step = event.kind === 'progress' || event.kind === event.phase ? event.phase : `${event.kind} (${event.phase})`;
  const details = [event.message, bytes ? `(${bytes})` : undefined].filter(Boolean).join(' ');
  return `rtenv: ${event.plugin}: ${step}${details ? `: ${details}` : ''}`;
}
