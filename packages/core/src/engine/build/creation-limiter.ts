import { availableParallelism } from 'node:os';

/** Caps simultaneous URI creations in this process; callers queue in arrival order. */
export class CreationLimiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  readonly limit: number;

  constructor(limit = availableParallelism()) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /** Runs `work` once a slot is free; a signal that fires while queued gives up the place. */
  async run<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', giveUp);
        this.active += 1;
        resolve();
      };
      const giveUp = (): void => {
        const index = this.queue.indexOf(grant);
        if (index >= 0) this.queue.splice(index, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', giveUp, { once: true });
      this.queue.push(grant);
    });
  }

  private release(): void {
    this.active -= 1;
    this.queue.shift()?.();
  }
}
