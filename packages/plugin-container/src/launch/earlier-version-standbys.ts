import type { ListedContainer } from '../engine/launch-engine-client.js';

/**
 * Standbys of earlier versions, which every launching process kept and which
 * name no owning process: `rtenv-standby-*` waiting for whichever process of
 * that version claims it, `rtenv-claimed-*` running a command for one. They
 * carry a creation time that this version's standbys do not.
 */
const createdAtLabel = 'io.runtime-env.standby-created-at';
/** Those versions' default idle time: past it, none of their processes claims the standby any more. */
const earlierIdleSeconds = 600;

export function isEarlierVersionStandby(container: ListedContainer): boolean {
  return container.Labels[createdAtLabel] !== undefined;
}

/**
 * Whether a sweep may remove it: a waiting one idle past that version's limit,
 * so an upgraded node ends up with none. Never a claimed one: its claimer, of
 * the earlier version, is running a command in it and removes it afterwards.
 */
export function isAbandonedEarlierVersionStandby(container: ListedContainer, now = Date.now()): boolean {
  const name = (container.Names?.[0] ?? '').replace(/^\//, '');
  const createdAt = Number(container.Labels[createdAtLabel]);
  return name.startsWith('rtenv-standby-') && Number.isFinite(createdAt) && now - createdAt > earlierIdleSeconds * 1000;
}
