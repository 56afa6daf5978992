import type { EnvironmentHandle, JsonObject, RuntimeEnvManager } from '@runtime-env/core';
import type { AgentMetrics } from '../metrics/agent-metrics.js';
import type { JsonLineLogger } from '../logging/json-line-logger.js';
import { failureLabel } from './failure-label.js';

export interface CreateCall {
  document: JsonObject;
  owner: string;
  leaseSeconds?: number;
  requestId: string;
}

/**
 * Every create-or-get goes through here, so the agent knows what is in flight
 * (for `/metrics`, `/healthz` and a graceful shutdown) and can abort it all with
 * one signal when the grace period runs out.
 */
export class CreationCoordinator {
  private readonly pending = new Set<Promise<unknown>>();
  /** Environment ids with at least one call that saw a progress event, with how many such calls. */
  private readonly creating = new Map<string, number>();
  private readonly abortController = new AbortController();

  constructor(
    private readonly manager: RuntimeEnvManager,
    private readonly metrics: AgentMetrics,
    private readonly logger: JsonLineLogger,
  ) {}

  get inFlightCreations(): number {
    return this.creating.size;
  }

  get pendingCalls(): number {
    return this.pending.size;
  }

  /** Returns the ready environment; the caller's reference is held once it resolves. */
  getOrCreate(call: CreateCall): Promise<EnvironmentHandle> {
    let seenEnvironmentId: string | undefined;
    const promise = this.manager
      .getOrCreate(call.document, {
        owner: call.owner,
        ...(call.leaseSeconds === undefined ? {} : { leaseSeconds: call.leaseSeconds }),
        signal: this.abortController.signal,
        onProgress: (event) => {
          if (seenEnvironmentId !== undefined) return;
          seenEnvironmentId = event.environmentId;
          this.creating.set(seenEnvironmentId, (this.creating.get(seenEnvironmentId) ?? 0) + 1);
        },
      })
      .then(
        (handle) => {
          this.metrics.getOrCreate.increment([handle.cached ? 'hit' : 'miss']);
          if (!handle.cached) {
            if (handle.record.creationMs !== null) this.metrics.environmentCreationSeconds.observe([], handle.record.creationMs / 1000);
            this.logger.info('environment ready', { requestId: call.requestId, environmentId: handle.id, owner: call.owner, creationMs: handle.record.creationMs });
          }
          return handle;
        },
        (error: unknown) => {
          const label = failureLabel(error);
          this.metrics.getOrCreate.increment(['failure']);
          this.metrics.failures.increment([label]);
          this.logger.warn('create-or-get failed', {
            requestId: call.requestId,
            owner: call.owner,
            failureClass: label,
            code: (error as { code?: string }).code ?? 'internal_error',
            ...(seenEnvironmentId === undefined ? {} : { environmentId: seenEnvironmentId }),
          });
          throw error;
        },
      )
      .finally(() => {
        this.pending.delete(promise);
        if (seenEnvironmentId === undefined) return;
        const remaining = (this.creating.get(seenEnvironmentId) ?? 1) - 1;
        if (remaining <= 0) this.creating.delete(seenEnvironmentId);
        else this.creating.set(seenEnvironmentId, remaining);
      });
    this.pending.add(promise);
    return promise;
  }

  /**
   * Waits for every pending call up to `graceMs`, then aborts the rest (the core
   * removes what they half-built) and waits for them to unwind.
   */
  async drain(graceMs: number): Promise<{ abortedCalls: number }> {
    const settled = Promise.allSettled([...this.pending]);
    let timer: NodeJS.Timeout | undefined;
    const finishedInTime = await Promise.race([settled.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
    clearTimeout(timer);
    if (finishedInTime) return { abortedCalls: 0 };
    const abortedCalls = this.pending.size;
    this.abortController.abort();
    await Promise.allSettled([...this.pending]);
    return { abortedCalls };
  }
}
