import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConformanceFailure } from './conformance-failure.js';
import { openPluginHarness, type NormalizedCase, type PluginHarness } from './plugin-harness.js';

/** Same spec, same keys (so the same URIs), twice; every key a distinct non-empty string. Returns the URIs. */
export async function checkHashDeterministic(harness: PluginHarness, normalized: NormalizedCase): Promise<string[]> {
  const { name } = harness.plugin;
  const first = await harness.hash(normalized);
  const second = await harness.hash(normalized);
  if (JSON.stringify(first) !== JSON.stringify(second)) {
    throw new ConformanceFailure(
      name,
      'hash is deterministic',
      `the same spec hashed to ${JSON.stringify(first)} and then ${JSON.stringify(second)}`,
      'derive keys from the spec, the options and file contents only: no time, randomness or temp paths',
    );
  }
  if (new Set(first).size !== first.length) throw new ConformanceFailure(name, 'hash returns keys', `returned duplicates: ${JSON.stringify(first)}`);
  if (first.length > 0 && !harness.plugin.create) {
    throw new ConformanceFailure(name, 'hash returns keys', `returned ${first.length} key(s) but the plugin has no create hook to build them`);
  }
  return first;
}

/**
 * When `hash` says its keys come `fromSpecAlone`, another node (other
 * directories) must get the same keys, or the core's memo of them, and a cached
 * `rtenv run` that skips the plugin, would serve wrong ones.
 */
export async function checkHashPurity(harness: PluginHarness, normalized: NormalizedCase): Promise<void> {
  if ((await harness.hashResult(normalized)).fromSpecAlone !== true) return;
  const otherNode = await mkdtemp(join(tmpdir(), 'runtime-env-purity-'));
  try {
    const elsewhere = await openPluginHarness(harness.underTest, otherNode);
    const here = await harness.hash(normalized);
    const there = await elsewhere.hash(normalized);
    if (JSON.stringify(here) !== JSON.stringify(there)) {
      throw new ConformanceFailure(
        harness.plugin.name,
        'fromSpecAlone is truthful',
        `fromSpecAlone is true but another data directory gives other URIs: ${JSON.stringify(here)} vs ${JSON.stringify(there)}`,
      );
    }
  } finally {
    await rm(otherNode, { recursive: true, force: true });
  }
}

/** Two different specs must not be served the same URIs. */
export async function checkHashDistinguishes(harness: PluginHarness, normalized: NormalizedCase, other: NormalizedCase): Promise<void> {
  const left = [...(await harness.hash(normalized))].sort();
  const right = [...(await harness.hash(other))].sort();
  if (JSON.stringify(left) === JSON.stringify(right)) {
    throw new ConformanceFailure(
      harness.plugin.name,
      'hash tells specs apart',
      `createSpec and otherSpec both hash to ${JSON.stringify(left)}`,
      'hash every part of the normalized spec that changes what create builds',
    );
  }
}
