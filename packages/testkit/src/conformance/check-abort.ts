import { mkdir, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { checkNoProcessLeft, checkOnlyAllowedChanges } from './check-create.js';
import { ConformanceFailure } from './conformance-failure.js';
import { snapshotDirectory } from './directory-snapshot.js';
import type { NormalizedCase, PluginHarness } from './plugin-harness.js';
import { isProcessGroupAlive } from './run-child-process.js';
import { writablePathsOf } from './observe-create.js';

export interface AbortTiming {
  /** When to fire the signal after `create` started. */
  abortAfterMs: number;
  /** How long `create` may take to settle after the signal. */
  settleWithinMs: number;
}

export const DEFAULT_ABORT_TIMING: AbortTiming = { abortAfterMs: 300, settleWithinMs: 5_000 };
/** SIGTERM, then SIGKILL two seconds later, then a little for the kernel. */
const PROCESS_EXIT_WAIT_MS = 3_000;

/**
 * Starts creating the spec's URIs, aborts after `abortAfterMs`, and requires that
 * `create` settles within `settleWithinMs`, that no child process survives, and that
 * removing the URI directories (as the core does) leaves nothing else behind.
 */
export async function checkAbortStopsPromptly(harness: PluginHarness, normalized: NormalizedCase, timing: AbortTiming = DEFAULT_ABORT_TIMING): Promise<void> {
  const { name } = harness.plugin;
  const uris = await harness.hash(normalized);
  if (uris.length === 0) throw new ConformanceFailure(name, 'abort stops create', 'abortSpec hashes to no URIs, so nothing can be aborted');
  for (const uri of uris) await mkdir(harness.directoryFor(uri), { recursive: true });
  const before = await snapshotDirectory(harness.dataDirectory);
  const controller = new AbortController();
  const creation = (async () => {
    for (const uri of uris) await harness.create(uri, normalized, controller.signal);
  })();
  const settled = creation.then(
    () => 'finished' as const,
    (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  const early = await Promise.race([settled, delay(timing.abortAfterMs).then(() => undefined)]);
  if (early !== undefined) {
    throw new ConformanceFailure(
      name,
      'abort stops create',
      `create settled (${early}) before the abort at ${timing.abortAfterMs} ms`,
      'give an abortSpec whose create takes more than about a second',
    );
  }
  controller.abort(new Error('aborted by the conformance suite'));
  const outcome = await Promise.race([settled, delay(timing.settleWithinMs).then(() => undefined)]);
  if (outcome === undefined) {
    throw new ConformanceFailure(
      name,
      'abort stops create',
      `create was still running ${timing.settleWithinMs} ms after ctx.signal fired`,
      'watch ctx.signal in long work and start children with ctx.runProcess',
    );
  }
  await waitForProcessGroups(harness);
  checkNoProcessLeft(harness, 'abort leaves no process running');
  for (const uri of uris) await rm(harness.directoryFor(uri), { recursive: true, force: true });
  const afterRemoval = await snapshotDirectory(harness.dataDirectory);
  const pluginDirectoryOnly = writablePathsOf(harness, []);
  const uriDirectories = writablePathsOf(harness, uris).slice(1);
  // The URI directories existed before (the core makes them) and are gone now: that removal is expected.
  checkOnlyAllowedChanges(harness, 'abort leaves nothing behind', before, afterRemoval, [...pluginDirectoryOnly, ...uriDirectories]);
}

async function waitForProcessGroups(harness: PluginHarness): Promise<void> {
  const deadline = Date.now() + PROCESS_EXIT_WAIT_MS;
  while (Date.now() < deadline && [...harness.processGroups].some(isProcessGroupAlive)) await delay(50);
}
