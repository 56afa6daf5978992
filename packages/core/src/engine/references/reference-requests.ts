import { RuntimeEnvError } from '@runtime-env/plugin-api';
import type { GetOrCreateOptions } from '../manager-types.js';
import { processStartTime } from '@runtime-env/plugin-api';
import type { NewReference } from '../store/reference-store.js';

/** How long a pid's start time is trusted before `/proc` is read again. */
const START_TIME_CACHE_MS = 1_000;
const startTimes = new Map<number, { startTime: string | null; readAt: number }>();

/**
 * The reference a `getOrCreate` call asks for. The pid's start time is recorded
 * with it so a reused pid does not keep the reference alive; it is cached for a
 * second because reading `/proc` would dominate the cached path.
 */
export function referenceRequestOf(environmentId: string, options: GetOrCreateOptions, now: number): NewReference {
  if (typeof options.owner !== 'string' || options.owner === '') {
    throw new RuntimeEnvError('invalid_owner', 'getOrCreate needs a non-empty "owner" naming who holds the reference', {
      hint: 'pass { owner: "<job id or process name>" }',
    });
  }
  let expiresAt: number | null = null;
  if (options.leaseSeconds !== undefined) {
    if (!(options.leaseSeconds > 0)) {
      throw new RuntimeEnvError('invalid_lease', `leaseSeconds must be a positive number of seconds, got ${options.leaseSeconds}`);
    }
    expiresAt = now + options.leaseSeconds * 1000;
  }
  return {
    environmentId,
    owner: options.owner,
    expiresAt,
    pid: options.pid ?? null,
    pidStartTime: options.pid === undefined ? null : cachedStartTime(options.pid, now),
  };
}

function cachedStartTime(pid: number, now: number): string | null {
  const cached = startTimes.get(pid);
  if (cached && now - cached.readAt < START_TIME_CACHE_MS) return cached.startTime;
  // A pid that is already gone gets an impossible start time, so its reference is dead at once.
  const startTime = processStartTime(pid);
  const value = startTime === undefined ? 'gone' : startTime;
  if (startTimes.size > 10_000) startTimes.clear();
  startTimes.set(pid, { startTime: value, readAt: now });
  return value;
}
