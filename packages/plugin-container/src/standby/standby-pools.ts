import { StandbyPool } from './standby-pool.js';

/**
 * One standby pool per engine (data directory) that the plugins serve in this
 * process: closing one engine removes its standbys and leaves another engine's
 * alone, and an engine opened again later on the same directory gets a new pool.
 */
export class StandbyPools {
  readonly #pools = new Map<string, StandbyPool>();

  of(dataDirectory: string): StandbyPool {
    let pool = this.#pools.get(dataDirectory);
    if (!pool) {
      pool = new StandbyPool();
      this.#pools.set(dataDirectory, pool);
    }
    return pool;
  }

  async close(dataDirectory: string): Promise<void> {
    const pool = this.#pools.get(dataDirectory);
    this.#pools.delete(dataDirectory);
    await pool?.close();
  }

  /** Garbage collection is about to remove the image, which a standby of it would keep. */
  async removeImage(imageId: string): Promise<void> {
    await Promise.all([...this.#pools.values()].map((pool) => pool.removeImage(imageId)));
  }
}
