import { SetupFailure, type ProgressUpdate } from '@runtime-env/plugin-api';

type ProgressReporter = (update: ProgressUpdate) => void;
import type { ConnectedEngine } from '../engine/docker-client.js';
import { engineMessageOf } from '../engine/engine-errors.js';
import type { EngineAuthConfig } from './registry-auth.js';

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

/** Registry answers that a retry cannot change; anything else (a dropped connection) may pass on retry. */
const transientPullProblems =
  /connection refused|connection reset|i\/o timeout|timeout|temporary failure|no such host|TLS handshake|EOF|503|502|504|too many requests/i;

/**
 * `docker pull`s one image, reporting progress per layer with byte counts, and
 * stops the pull when `signal` fires (closing the stream makes the Engine cancel it).
 */
export async function pullImage(
  engine: ConnectedEngine,
  reference: string,
  auth: EngineAuthConfig | undefined,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await engine.call(`starting the pull of ${reference}`, () => engine.client.pull(reference, auth ? { authconfig: auth } : {}));
  } catch (error) {
    throw pullFailure(reference, engineMessageOf(error), error);
  }
  const layers = new Map<string, { done: number; total: number }>();
  await new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
      reject(signal.reason instanceof Error ? signal.reason : new Error(`the pull of ${reference} was cancelled`));
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    engine.client.modem.followProgress(
      stream,
      (error: Error | null) => {
        signal.removeEventListener('abort', stop);
        if (error) reject(pullFailure(reference, error.message, error));
        else resolve();
      },
      (event: PullEvent) => reportLayerProgress(event, layers, progress),
    );
  });
}

function reportLayerProgress(event: PullEvent, layers: Map<string, { done: number; total: number }>, progress: ProgressReporter): void {
  if (!event.id || !event.status) return;
  const layer = layers.get(event.id) ?? { done: 0, total: 0 };
  const phase = event.status.startsWith('Extracting') ? 'extracting' : 'downloading';
  if (phase === 'downloading' && event.progressDetail?.current !== undefined) {
    layer.done = event.progressDetail.current;
    layer.total = event.progressDetail.total ?? layer.total;
  }
  if (/^(Download complete|Pull complete|Already exists)/.test(event.status)) layer.done = layer.total;
  layers.set(event.id, layer);
  const totals = [...layers.values()].reduce((sum, each) => ({ done: sum.done + each.done, total: sum.total + each.total }), { done: 0, total: 0 });
  progress({
    phase,
    message: `layer ${event.id}: ${event.status}${layer.total > 0 ? ` (${layer.done}/${layer.total} bytes)` : ''}`,
    bytesDone: totals.done,
    ...(totals.total > 0 ? { bytesTotal: totals.total } : {}),
  });
}

function pullFailure(reference: string, registryAnswer: string, cause: unknown): SetupFailure {
  const failure = transientPullProblems.test(registryAnswer) ? SetupFailure.transient : SetupFailure.permanent;
  return failure(`pulling image "${reference}" failed: the registry answered "${registryAnswer}"`, {
    code: 'image_pull_failed',
    hint: 'check that the registry is reachable from this node and the plugin option "registryAuth" for a private registry',
    cause,
  });
}
