import type { ProgressUpdate } from '@runtime-env/plugin-api';
import type { ProgressEvent } from '../manager-types.js';

export type UriProgressKind = ProgressEvent['kind'];
export type UriProgressListener = (update: ProgressUpdate, kind: UriProgressKind, uri: string, plugin: string) => void;

/**
 * Who hears about one URI's creation: every environment creation waiting for it,
 * which may be several when environments share the URI.
 */
export class UriProgressListeners {
  private readonly listeners = new Map<string, Set<UriProgressListener>>();

  add(uri: string, listener: UriProgressListener): () => void {
    let set = this.listeners.get(uri);
    if (!set) this.listeners.set(uri, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(uri) === set) this.listeners.delete(uri);
    };
  }

  emit(uri: string, plugin: string, kind: UriProgressKind, update: ProgressUpdate): void {
    for (const listener of this.listeners.get(uri) ?? []) {
      try {
        listener(update, kind, uri, plugin);
      } catch {
        // A listener's bug must not fail the creation it listens to.
      }
    }
  }
}
