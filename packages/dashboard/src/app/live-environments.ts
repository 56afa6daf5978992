import type { EnvironmentRow, ProgressStep } from '../api-types.js';
import { followStream } from './api-client.js';
import { EnvironmentTableModel } from './environment-table-model.js';

export type LiveChange = { kind: 'rows' } | { kind: 'progress'; environmentId: string } | { kind: 'connection'; connected: boolean; error?: unknown };
type Listener = (change: LiveChange) => void;

const RECONNECT_MS = 2_000;

/** The page's one `/v1/events` stream, feeding the table model; views listen for changes. */
export class LiveEnvironments {
  readonly model = new EnvironmentTableModel();
  private readonly listeners = new Set<Listener>();
  private stop: (() => void) | undefined;
  /** When the first snapshot arrived (for the benchmark: first render follows it). */
  snapshotAt: number | undefined;

  start(): void {
    this.stop = followStream('/v1/events', {
      onEvent: (event, data) => this.onEvent(event, data),
      onEnd: (error) => {
        this.emit({ kind: 'connection', connected: false, error });
        // An answer that says the token is wrong will not get better by itself: the page asks for it instead.
        if ((error as { status?: number } | undefined)?.status === 401) return;
        setTimeout(() => this.start(), RECONNECT_MS);
      },
    });
  }

  close(): void {
    this.stop?.();
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onEvent(event: string, data: unknown): void {
    if (event === 'snapshot') {
      this.model.replaceAll((data as { rows: EnvironmentRow[] }).rows);
      this.snapshotAt ??= performance.now();
      this.emit({ kind: 'connection', connected: true });
      this.emit({ kind: 'rows' });
    } else if (event === 'upsert') {
      this.model.upsert((data as { rows: EnvironmentRow[] }).rows);
      this.emit({ kind: 'rows' });
    } else if (event === 'remove') {
      this.model.remove((data as { ids: string[] }).ids);
      this.emit({ kind: 'rows' });
    } else if (event === 'progress') {
      const step = data as ProgressStep;
      this.model.noteProgress(step);
      this.emit({ kind: 'progress', environmentId: step.environmentId });
    }
  }

  private emit(change: LiveChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
