import { openRuntimeEnvManager } from '@runtime-env/core';
import { envVarsPlugin } from '@runtime-env/plugin-env-vars';
import { EnvironmentFeed, type FeedFrame } from '../src/live/environment-feed.js';

export interface FeedTickCost {
  /** CPU per tick that reads one used environment again and sends its new row: what following costs the agent each second a cached environment is hit. */
  tickMicroseconds: number;
  /** CPU per request for noting the environment it named (a Set insertion, and the tick's timer when none is set). */
  noteNanoseconds: number;
  /** CPU of subscribing: the snapshot of every row (the first follower also lists every environment's summary). */
  subscribeMilliseconds: number;
  /** Bytes a follower received per tick. */
  bytesPerTick: number;
}

/**
 * The feed's own work, timed in this process on a real engine over `dataDirectory`
 * (seeded by `seedEnvironments`): CPU time (`process.cpuUsage`, microseconds) of
 * `ticks` ticks, each after the environment's last-used time moved (a cached hit),
 * so each reads it again, flushes the core's last-used batch and serializes the
 * changed row. The tick is the method the feed's timer calls, called directly here
 * so that nothing but it is timed.
 */
export async function measureFeedTick(dataDirectory: string, ticks = 2_000): Promise<FeedTickCost> {
  const manager = await openRuntimeEnvManager({
    dataDirectory,
    plugins: [{ plugin: envVarsPlugin, options: {}, source: 'inline', identity: { name: '@runtime-env/plugin-env-vars', version: 'bench' } }],
  });
  try {
    const document = { env_vars: { INDEX: '1', GROUP: 'g1' } };
    const { id } = await manager.getOrCreate(document, { owner: 'feed-bench' });
    const feed = new EnvironmentFeed(manager);
    const tick = (): void => (feed as unknown as { publishChanges(): void }).publishChanges();
    let bytes = 0;
    const cpuBeforeSubscribe = process.cpuUsage();
    const { unsubscribe } = feed.subscribe((frames: readonly FeedFrame[]) => {
      for (const frame of frames) bytes += frame.data.length;
    });
    const subscribeUsage = process.cpuUsage(cpuBeforeSubscribe);
    const subscribeMilliseconds = (subscribeUsage.user + subscribeUsage.system) / 1000;

    const notes = 100_000;
    const cpuBeforeNotes = process.cpuUsage();
    for (let note = 0; note < notes; note += 1) feed.noteChange(id, 'used');
    const noteUsage = process.cpuUsage(cpuBeforeNotes);

    let tickMicroseconds = 0;
    for (let index = 0; index < ticks; index += 1) {
      // A cached hit a millisecond later: a new last-used time for the tick to find.
      await new Promise((resolve) => setTimeout(resolve, 1));
      await manager.getOrCreate(document, { owner: 'feed-bench' });
      feed.noteChange(id);
      const before = process.cpuUsage();
      tick();
      const usage = process.cpuUsage(before);
      tickMicroseconds += usage.user + usage.system;
    }
    unsubscribe();
    return {
      tickMicroseconds: tickMicroseconds / ticks,
      noteNanoseconds: ((noteUsage.user + noteUsage.system) * 1000) / notes,
      subscribeMilliseconds,
      bytesPerTick: bytes / ticks,
    };
  } finally {
    await manager.close();
  }
}
