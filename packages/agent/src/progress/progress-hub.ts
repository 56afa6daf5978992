import type { ProgressEvent } from '@runtime-env/core';
import type { ProgressEventView } from '@runtime-env/client';

type Listener = (event: ProgressEventView) => void;

interface EnvironmentChannel {
  events: ProgressEventView[];
  listeners: Set<Listener>;
  lastEventAt: number;
}

/** Per environment, events kept for a late subscriber (one that asked with `wait: false`, then opened `/events`). */
const MAXIMUM_EVENTS_PER_ENVIRONMENT = 500;
const MAXIMUM_ENVIRONMENTS = 2_000;
/** How long the events of a finished creation stay available. */
const RETENTION_MS = 5 * 60_000;

/**
 * Fans the core's progress events out to SSE streams, and keeps a bounded recent
 * history per environment so a stream opened a moment after creation started
 * still sees the first steps.
 */
export class ProgressHub {
  private readonly channels = new Map<string, EnvironmentChannel>();

  publish(event: ProgressEvent): void {
    const view = toView(event);
    let channel = this.channels.get(event.environmentId);
    if (!channel) {
      this.evictStale();
      channel = { events: [], listeners: new Set(), lastEventAt: 0 };
      this.channels.set(event.environmentId, channel);
    }
    channel.lastEventAt = Date.now();
    channel.events.push(view);
    if (channel.events.length > MAXIMUM_EVENTS_PER_ENVIRONMENT) channel.events.splice(0, channel.events.length - MAXIMUM_EVENTS_PER_ENVIRONMENT);
    for (const listener of channel.listeners) listener(view);
  }

  /** Past events of the environment, then each new one, until the returned function is called. */
  subscribe(environmentId: string, listener: Listener): { history: readonly ProgressEventView[]; unsubscribe: () => void } {
    let channel = this.channels.get(environmentId);
    if (!channel) {
      channel = { events: [], listeners: new Set(), lastEventAt: Date.now() };
      this.channels.set(environmentId, channel);
    }
    const subscribed = channel;
    subscribed.listeners.add(listener);
    return { history: [...subscribed.events], unsubscribe: () => subscribed.listeners.delete(listener) };
  }

  hasHistory(environmentId: string): boolean {
    return (this.channels.get(environmentId)?.events.length ?? 0) > 0;
  }

  private evictStale(): void {
    const now = Date.now();
    for (const [environmentId, channel] of this.channels) {
      const tooMany = this.channels.size >= MAXIMUM_ENVIRONMENTS;
      if (channel.listeners.size === 0 && (tooMany || now - channel.lastEventAt > RETENTION_MS)) this.channels.delete(environmentId);
      else if (!tooMany) break;
    }
  }
}

function toView(event: ProgressEvent): ProgressEventView {
  const view: ProgressEventView = { environmentId: event.environmentId, plugin: event.plugin, at: event.at, kind: event.kind, phase: event.phase };
  if (event.uri !== undefined) view.uri = event.uri;
  if (event.message !== undefined) view.message = event.message;
  if (event.bytesDone !== undefined) view.bytesDone = event.bytesDone;
  if (event.bytesTotal !== undefined) view.bytesTotal = event.bytesTotal;
  return view;
}
