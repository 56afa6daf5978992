import type { PluginLogger } from '@runtime-env/plugin-api';
import { engineMessageOf } from '../engine/engine-errors.js';
import type { LaunchEngine, StandbyEngineOperations } from '../engine/launch-engine-client.js';
import { removeOrphanedContainers } from '../launch/orphaned-containers.js';
import { endedForMissingShell, meansShellMissing } from './missing-shell.js';
import { startStandby, type StandbyRequest, type StartedStandby } from './start-standby.js';

interface WaitingStandby {
  standby: StartedStandby;
  engine: LaunchEngine;
  idleTimer: NodeJS.Timeout;
}

/**
 * The standbys of one engine in a long-lived process (the agent), in its
 * memory: at most one started container per launch plan, waiting for its
 * command. A claim is a map lookup, so it is exclusive without any help from the
 * Engine, and no other process ever claims these. Each standby is removed when
 * it idles past `standbyIdleSeconds`, when it ends on its own, and when the
 * engine closes (`close`); a process that dies without closing leaves them to
 * the label sweep of the next engine that opens with a pool (`sweepLeftovers`).
 */
export class StandbyPool {
  /** By pool key (engine endpoint + standby key). */
  readonly #waiting = new Map<string, WaitingStandby>();
  /** Standbys being started, by pool key: a second launch of the plan meanwhile starts no other. */
  readonly #starting = new Map<string, Promise<void>>();
  /** Removals in flight, so that `close` returns only once they are done. */
  readonly #removals = new Set<Promise<void>>();
  /** Images whose standby could not run its shell: they get no other in this process. */
  readonly #shellLessImages = new Set<string>();
  #closing: Promise<void> | undefined;
  #leftoversSwept: Promise<void> | undefined;

  /** Takes the standby waiting under this key, if any: the caller runs its command in it and removes it. */
  claim(poolKey: string): StartedStandby | undefined {
    const waiting = this.#waiting.get(poolKey);
    if (!waiting) return undefined;
    this.#waiting.delete(poolKey);
    clearTimeout(waiting.idleTimer);
    return waiting.standby;
  }

  /** Starts a standby for this key in the background, unless one waits or is starting already. Never throws. */
  replenish(poolKey: string, engine: LaunchEngine, operations: StandbyEngineOperations, request: StandbyRequest, idleSeconds: number): void {
    if (this.#closing || this.#waiting.has(poolKey) || this.#starting.has(poolKey) || this.isShellLess(request.createBody.Image)) return;
    const starting = startStandby(engine, operations, request)
      .then((standby) => this.#keep(poolKey, engine, standby, idleSeconds, request.createBody.Image))
      .catch((error: unknown) => {
        const reason = engineMessageOf(error);
        if (meansShellMissing(reason)) this.#shellLessImages.add(request.createBody.Image);
        request.logger.debug('no standby container made for the next launch', { reason });
      })
      .finally(() => this.#starting.delete(poolKey));
    this.#starting.set(poolKey, starting);
  }

  isShellLess(image: string): boolean {
    return this.#shellLessImages.has(image);
  }

  rememberShellLess(image: string): void {
    this.#shellLessImages.add(image);
  }

  /** Removes this pool's standbys of an image (garbage collection is about to remove it, and a container keeps its image). */
  async removeImage(imageId: string): Promise<void> {
    const removals: Promise<void>[] = [];
    for (const [poolKey, waiting] of [...this.#waiting]) {
      if (waiting.standby.imageId === imageId) removals.push(this.#drop(poolKey, waiting.standby));
    }
    await Promise.all(removals);
  }

  /**
   * Removes, once per pool (its engine's opening), the containers of launchers on
   * this host that are gone: the standbys of a pool whose process crashed, which
   * otherwise only some later launch on the host would sweep. Never throws.
   */
  sweepLeftovers(engine: LaunchEngine, logger: PluginLogger): Promise<void> {
    this.#leftoversSwept ??= removeOrphanedContainers(engine, logger).then(
      () => undefined,
      (error: unknown) => logger.debug('could not look for containers left by a crashed process', { reason: engineMessageOf(error) }),
    );
    return this.#leftoversSwept;
  }

  /** Stops and removes every standby, waiting for those still starting. Idempotent; claims and starts end with it. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all(this.#starting.values());
      for (const [poolKey, waiting] of [...this.#waiting]) void this.#drop(poolKey, waiting.standby);
      await Promise.all(this.#removals);
    })();
    return this.#closing;
  }

  #keep(poolKey: string, engine: LaunchEngine, standby: StartedStandby, idleSeconds: number, image: string): void {
    if (this.#closing) {
      void this.#remove(engine, standby.containerId);
      return;
    }
    // Not unref'd: a process that never closes its engine still removes its standbys when they idle out, instead of leaving them.
    const idleTimer = setTimeout(() => void this.#drop(poolKey, standby), idleSeconds * 1000);
    this.#waiting.set(poolKey, { standby, engine, idleTimer });
    void standby.ended.then((status) => {
      if (this.#waiting.get(poolKey)?.standby !== standby) return;
      if (endedForMissingShell(status)) this.#shellLessImages.add(image);
      void this.#drop(poolKey, standby);
    });
  }

  #drop(poolKey: string, standby: StartedStandby): Promise<void> {
    const waiting = this.#waiting.get(poolKey);
    if (waiting?.standby !== standby) return Promise.resolve();
    this.#waiting.delete(poolKey);
    clearTimeout(waiting.idleTimer);
    return this.#remove(waiting.engine, standby.containerId);
  }

  #remove(engine: LaunchEngine, containerId: string): Promise<void> {
    // A failure (the Engine went away) leaves it to the label sweep once this process is gone: it carries this pid.
    const removal: Promise<void> = engine
      .call('removing a standby container', () => engine.client.remove(containerId))
      .catch(() => undefined)
      .finally(() => this.#removals.delete(removal));
    this.#removals.add(removal);
    return removal;
  }
}
