import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clonePlugin } from './clone-plugin.js';
import { ConformanceFailure } from './conformance-failure.js';
import { openPluginHarness, type NormalizedCase, type PluginHarness } from './plugin-harness.js';

/** Same spec, same URIs, twice; every URI a distinct non-empty string. Returns the URIs. */
export async function checkHashDeterministic(harness: PluginHarness, normalized: NormalizedCase): Promise<string[]> {
  const { name } = harness.plugin;
  const first = await harness.hash(normalized);
  const second = await harness.hash(normalized);
  if (JSON.stringify(first) !== JSON.stringify(second)) {
    throw new ConformanceFailure(name, 'hash is deterministic', `the same spec hashed to ${JSON.stringify(first)} and then ${JSON.stringify(second)}`, 'derive URIs from the spec, the version and file contents only: no time, randomness or temp paths');
  }
  for (const uri of first) {
    if (typeof uri !== 'string' || uri.length === 0) throw new ConformanceFailure(name, 'hash returns URIs', `returned ${JSON.stringify(uri)}, not a non-empty string`);
  }
  if (new Set(first).size !== first.length) throw new ConformanceFailure(name, 'hash returns URIs', `returned duplicates: ${JSON.stringify(first)}`);
  if (first.length > 0 && !harness.plugin.create) {
    throw new ConformanceFailure(name, 'hash returns URIs', `returned ${first.length} URI(s) but the plugin has no create hook to build them`);
  }
  return first;
}

/**
 * When `isHashPure` says the URIs depend on nothing but spec and version, another
 * node (other directories) must get the same URIs, or the core's in-memory URI
 * memo would serve wrong ones.
 */
export async function checkHashPurity(harness: PluginHarness, normalized: NormalizedCase): Promise<void> {
  if (!harness.plugin.isHashPure?.(normalized.spec)) return;
  const otherNode = await mkdtemp(join(tmpdir(), 'runtime-env-purity-'));
  try {
    const elsewhere = await openPluginHarness(harness.loaded, otherNode);
    const here = await harness.hash(normalized);
    const there = await elsewhere.hash(normalized);
    if (JSON.stringify(here) !== JSON.stringify(there)) {
      throw new ConformanceFailure(harness.plugin.name, 'isHashPure is truthful', `isHashPure is true but another data directory gives other URIs: ${JSON.stringify(here)} vs ${JSON.stringify(there)}`);
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
    throw new ConformanceFailure(harness.plugin.name, 'hash tells specs apart', `createSpec and otherSpec both hash to ${JSON.stringify(left)}`, 'hash every part of the normalized spec that changes what create builds');
  }
}

/** A new plugin version must never reuse what the old one built: every URI changes. */
export async function checkHashCoversVersion(harness: PluginHarness, normalized: NormalizedCase): Promise<void> {
  const { plugin } = harness;
  const original = await harness.hash(normalized);
  const bumped = await harness.hash(normalized, clonePlugin(plugin, { version: `${plugin.version}+conformance` }));
  const reused = original.filter((uri) => bumped.includes(uri));
  if (reused.length > 0) {
    throw new ConformanceFailure(plugin.name, 'hash covers the version', `with version "${plugin.version}+conformance" these URIs did not change: ${JSON.stringify(reused)}`, 'mix ctx.pluginVersion into every URI, not a module constant');
  }
}
