/** One Server-Sent Event as the agent writes it. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/**
 * Follows an SSE answer and lets a test wait for the event it expects (no sleeps):
 * `next(predicate)` resolves with the first event, seen or still to come, that matches.
 */
export class EventStreamReader {
  readonly events: StreamEvent[] = [];
  readonly raw: string[] = [];
  private readonly waiters: { predicate: (event: StreamEvent) => boolean; resolve: (event: StreamEvent) => void }[] = [];
  private readonly controller = new AbortController();

  static async open(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
    const reader = new EventStreamReader();
    const response = await fetch(url, { headers, signal: reader.controller.signal });
    if (!response.ok || response.body === null) throw new Error(`${url} answered ${response.status}`);
    void reader.consume(response.body);
    return reader;
  }

  next(predicate: (event: StreamEvent) => boolean, timeoutMs = 30_000): Promise<StreamEvent> {
    const seen = this.events.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching event within ${timeoutMs} ms; got ${this.events.map((event) => event.event).join(', ')}`)),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
  }

  close(): void {
    this.controller.abort();
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        this.raw.push(text);
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
  }

  private dispatch(block: string): void {
    const name = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (name === undefined || data === undefined) return;
    const event = { event: name, data: JSON.parse(data) as unknown };
    this.events.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(event)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }
}
