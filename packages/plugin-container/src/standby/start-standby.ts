import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PluginLogger } from '@runtime-env/plugin-api';
import type { LaunchEngine, StandbyEngineOperations } from '../engine/launch-engine-client.js';
import { launcherLabels } from '../launch/engine-create-request.js';
import { standbyCreateBody } from './standby-key.js';
import { standbyLabels, standbyNamePrefix } from './standby-labels.js';

export interface StandbyRequest {
  /** The plan's own create body (as a normal launch sends it). */
  createBody: Record<string, unknown> & { Image: string };
  key: string;
  plugin: string;
  logger: PluginLogger;
}

/** A standby that started and waits for its command line on stdin. */
export interface StartedStandby {
  containerId: string;
  /** The image's ENTRYPOINT, which Docker would put before the command. */
  entrypoint: string[];
  imageId: string;
  /** Resolves with its exit status once it ends (claimed or not); undefined when the wait failed (it was removed). */
  ended: Promise<number | undefined>;
}

/** Image entrypoints by image reference: immutable references (id, digest), so never stale. */
const entrypoints = new Map<string, Promise<{ id: string; entrypoint: string[] }>>();

/**
 * Creates and starts a standby for a plan, and resolves once it runs: a pool
 * hands out only started standbys, so a claim never races the start. A standby
 * whose start fails is removed before this rejects.
 */
export async function startStandby(engine: LaunchEngine, operations: StandbyEngineOperations, request: StandbyRequest): Promise<StartedStandby> {
  const image = request.createBody.Image;
  let inspected = entrypoints.get(image);
  if (!inspected) {
    inspected = operations.inspectImageEntrypoint(image);
    entrypoints.set(image, inspected);
    inspected.catch(() => entrypoints.delete(image));
  }
  const { id: imageId, entrypoint } = await engine.call('inspecting the image for a standby container', () => inspected);
  const labels = {
    [launcherLabels.plugin]: request.plugin,
    [launcherLabels.launcherHost]: hostname(),
    // The pool's process: when it is gone, a sweep on this host removes the standby.
    [launcherLabels.launcherPid]: String(process.pid),
    [standbyLabels.key]: request.key,
    [standbyLabels.image]: imageId,
  };
  const name = `${standbyNamePrefix}${request.key.slice(0, 12)}-${randomBytes(4).toString('hex')}`;
  const containerId = await engine.call('creating a standby container', () =>
    engine.client.createContainer(standbyCreateBody(request.createBody, labels), name),
  );
  try {
    await engine.call('starting a standby container', () => engine.client.start(containerId));
  } catch (error) {
    await engine.client.remove(containerId).catch(() => undefined);
    throw error;
  }
  // Not through engine.call: this wait lasts as long as the standby, far beyond one call's timeout.
  const ended = engine.client.wait(containerId).then(
    (status) => status,
    () => undefined,
  );
  return { containerId, entrypoint, imageId, ended };
}
