import { setMaxListeners } from 'node:events';
import { CancelledError, type EnvironmentHandle, type JsonObject, type ProgressEvent, type RuntimeEnvManager } from '@runtime-env/core';
import type { AgentMetrics } from '../metrics/agent-metrics.js';
import type { JsonLineLogger } from '../logging/json-line-logger.js';
import { failureLabel } from './failure-label.js';

export interface CreateCall {
  document: JsonObject;
  owner: string;
  leaseSeconds?: number;
  requestId: string;
  /** Try again even if the same inputs failed a moment ago. */
  retry?: boolean;
}

/**
 * Every create-or-get goes through here, so the agent knows what is in flight
 * (for `/metrics`, `/healthz` and a graceful shutdown) and can abort it all with
 * one signal when the grace period runs out.
 */
export class CreationCoordinator {
  private readonly pending = new Set<Promise<unknown>>();
  /** Environments whose creation this agent's manager started and that were still `creating` when last looked at. */
  private readonly creating = new Set<string>();
  private readonly abortController = new AbortController();
  /** Creations answered with 202, by environment id, until they settle: the core may not have recorded them yet. */
  private readonly announced = new Map<string, Promise<unknown>>();

  constructor(
    private readonly manager: RuntimeEnvManager,
    private readonly metrics: AgentMetrics,
    private readonly logger: JsonLineLogger,
  ) {
    // Every pending call listens on it; hundreds at once are normal, not a leak.
    setMaxListeners(0, this.abortController.signal);
  }

  /** Environments being created now; checked against the manager, so a creation that ended in any way is not counted. */
  get inFlightCreations(): number {
    for (const environmentId of this.creating) {
      if (this.manager.getEnvironment(environmentId)?.state !== 'creating') this.creating.delete(environmentId);
    }
    return this.creating.size;
  }

  /** Called for every progress event of the manager: a `started` event means a creation is under way. */
  noteProgress(event: ProgressEvent): void {
    if (event.kind === 'started') this.creating.add(event.environmentId);
  }

  get pendingCalls(): number {
    return this.pending.size;
  }

  /** Returns the ready environment; the caller's reference is held once it resolves. */
  getOrCreate(call: CreateCall): Promise<EnvironmentHandle> {
    let seenEnvironmentId: string | undefined;
    const noteEnvironment = (event: ProgressEvent): void => {
      seenEnvironmentId ??= event.environmentId;
    };
    const promise = this.manager
      .getOrCreate(call.document, {
        owner: call.owner,
        ...(call.leaseSeconds === undefined ? {} : { leaseSeconds: call.leaseSeconds }),
        ...(call.retry === true ? { retry: true } : {}),
        signal: this.abortController.signal,
        onProgress: noteEnvironment,
      })
      .then(
        (handle) => {
          if (!handle.cached) this.creating.delete(handle.id);
          this.metrics.getOrCreate.increment([getOrCreateResult(handle)]);
          if (!handle.cached && !handle.joined) {
            // Not `handle.record.creationMs`: the record is read from the database, which cost more than the rest of a creation's answer.
            const creationMs = handle.creationMs;
            if (creationMs !== null) this.metrics.environmentCreationSeconds.observe([], creationMs / 1000);
            this.logger.info('environment ready', { requestId: call.requestId, environmentId: handle.id, owner: call.owner, creationMs });
          }
          return handle;
        },
        (error: unknown) => {
          if (seenEnvironmentId !== undefined) this.creating.delete(seenEnvironmentId);
          const label = failureLabel(error);
          this.metrics.getOrCreate.increment(['failure']);
          this.metrics.failures.increment([label]);
          // A bad document is the caller's mistake, not the node's: it is no warning.
          this.logger.log(label === 'validation' ? 'info' : 'warn', 'create-or-get failed', {
            requestId: call.requestId,
            owner: call.owner,
            failureClass: label,
            code: (error as { code?: string }).code ?? 'internal_error',
            ...(seenEnvironmentId === undefined ? {} : { environmentId: seenEnvironmentId }),
          });
          throw error;
        },
      )
      .finally(() => this.pending.delete(promise));
    this.pending.add(promise);
    return promise;
  }

  /** Remembers a creation answered with 202 until it settles, so `/events` can follow it before the core records it. */
  announce(environmentId: string, creation: Promise<unknown>): void {
    const settled = creation.then(
      () => undefined,
      () => undefined,
    );
    this.announced.set(environmentId, settled);
    void settled.then(() => {
      if (this.announced.get(environmentId) === settled) this.announced.delete(environmentId);
    });
  }

  /** The settling of an announced creation, if one is under way. */
  announcedCreation(environmentId: string): Promise<unknown> | undefined {
    return this.announced.get(environmentId);
  }

  /**
   * Waits for every pending call up to `graceMs`, then aborts the rest (the core
   * removes what they half-built) and waits for them to unwind.
   */
  async drain(graceMs: number): Promise<{ abortedCalls: number }> {
    const settled = Promise.allSettled([...this.pending]);
    let timer: NodeJS.Timeout | undefined;
    const finishedInTime = await Promise.race([
      settled.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (finishedInTime) return { abortedCalls: 0 };
    const abortedCalls = this.pending.size;
    this.abortController.abort(new CancelledError('creating the environment (the agent is shutting down)'));
    await Promise.allSettled([...this.pending]);
    return { abortedCalls };
  }
}

/** A call that waited on a creation another call started created nothing: it is not a miss. */
function getOrCreateResult(handle: EnvironmentHandle): 'hit' | 'miss' | 'joined' {
  if (handle.cached) return 'hit';
  return handle.joined ? 'joined' : 'miss';
}
