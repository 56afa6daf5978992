import type { JsonObject } from '@runtime-env/core';
import type { PrewarmResult } from '@runtime-env/client';
import { errorResponse } from '../http/error-response.js';
import type { AgentContext } from '../routes/agent-context.js';
import { withAbsoluteLocalPaths } from '../validation/absolute-local-paths.js';

/** Two at a time: prewarming runs beside live traffic on a node with few cores. */
const PREWARM_CONCURRENCY = 2;

/**
 * Creates each environment and pins it, so garbage collection keeps it until
 * unpinned. The temporary reference taken to create it is released afterwards:
 * a prewarmed environment belongs to no one. A failure of one does not stop the others.
 */
export async function prewarmEnvironments(
  agent: Pick<AgentContext, 'coordinator' | 'manager' | 'logger'>,
  documents: readonly JsonObject[],
  owner: string,
  requestId: string,
): Promise<PrewarmResult[]> {
  const results: PrewarmResult[] = new Array(documents.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < documents.length) {
      const index = next;
      next += 1;
      try {
        // A prewarm names no caller's folder: a relative local path is refused, never read from the agent's.
        const document = withAbsoluteLocalPaths(agent.manager, documents[index]!, undefined);
        const handle = await agent.coordinator.getOrCreate({ document, owner, requestId });
        agent.manager.pin(handle.id);
        agent.manager.release(handle.id, owner);
        results[index] = { index, id: handle.id, state: 'ready', cached: handle.cached };
      } catch (error) {
        results[index] = { index, state: 'failed', error: errorResponse(error, requestId).body.error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREWARM_CONCURRENCY, documents.length) }, worker));
  const failed = results.filter((result) => result.state === 'failed').length;
  agent.logger.info('prewarm finished', { requestId, environments: documents.length, failed });
  return results;
}
