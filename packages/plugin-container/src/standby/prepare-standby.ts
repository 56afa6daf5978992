import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { PluginLogger } from '@runtime-env/plugin-api';
import { engineMessageOf, engineStatusOf } from '../engine/engine-errors.js';
import type { LaunchEngine, StandbyEngineOperations } from '../engine/launch-engine-client.js';
import { launcherLabels } from '../launch/engine-create-request.js';
import { meansShellMissing, rememberShellLessImage } from './shell-less-images.js';
import { standbyCreateBody } from './standby-key.js';
import { standbyLabels, standbyNamePrefix, standbyOwnerOf } from './standby-labels.js';

export interface StandbyRequest {
  /** The plan's own create body (as a normal launch sends it). */
  createBody: Record<string, unknown> & { Image: string };
  key: string;
  plugin: string;
  pluginDirectory: string;
  logger: PluginLogger;
}

/** Image entrypoints by image reference: immutable references (id, digest), so never stale. */
const entrypoints = new Map<string, Promise<{ id: string; entrypoint: string[] }>>();

/**
 * Creates and starts a standby for the next launch of this plan. Resolves once
 * the Engine created it and the start request is written, not when the start is
 * done: a CLI exits right after its command, and the Engine completes a start
 * whose client went away. Never rejects: a standby is an optimisation.
 */
export async function prepareStandby(engine: LaunchEngine, operations: StandbyEngineOperations, request: StandbyRequest): Promise<void> {
  try {
    let image = entrypoints.get(request.createBody.Image);
    if (!image) {
      image = operations.inspectImageEntrypoint(request.createBody.Image);
      entrypoints.set(request.createBody.Image, image);
      image.catch(() => entrypoints.delete(request.createBody.Image));
    }
    const { id: imageId, entrypoint } = await engine.call('inspecting the image for a standby container', () => image);
    const labels = {
      [launcherLabels.plugin]: request.plugin,
      [launcherLabels.launcherHost]: hostname(),
      [standbyLabels.key]: request.key,
      [standbyLabels.entrypoint]: JSON.stringify(entrypoint),
      [standbyLabels.image]: imageId,
      [standbyLabels.createdAt]: String(Date.now()),
      [standbyLabels.owner]: standbyOwnerOf(request.pluginDirectory),
    };
    const name = `${standbyNamePrefix}${request.key.slice(0, 12)}-${randomBytes(4).toString('hex')}`;
    const containerId = await engine.call('creating a standby container', () => engine.client.createContainer(standbyCreateBody(request.createBody, labels), name));
    const start = operations.sendStart(containerId);
    start.answered.catch((error: unknown) => forgetFailedStandby(engine, request, name, error));
    await start.written;
  } catch (error) {
    request.logger.debug('no standby container made for the next launch', { reason: engineMessageOf(error) });
  }
}

/** A standby whose start was refused is removed; when its shell is missing, its image is remembered. */
function forgetFailedStandby(engine: LaunchEngine, request: StandbyRequest, name: string, error: unknown): void {
  // 404: the sweep removed it (two standbys of one plan); nothing to do.
  if (engineStatusOf(error) === 404) return;
  const message = engineMessageOf(error);
  if (meansShellMissing(message)) rememberShellLessImage(request.pluginDirectory, request.createBody.Image);
  request.logger.debug('a standby container could not start; removed', { reason: message });
  engine.client.remove(name).catch(() => undefined);
}
