// Runs in a fresh Node process from the core's build (no TypeScript loader), so
// the RSS it reports is what a node's agent pays, not what tsx adds. Spawned by
// run-benchmarks.ts with --expose-gc:
//   node --expose-gc bench/memory-child.mjs create DATA_DIRECTORY COUNT
//   node --expose-gc bench/memory-child.mjs reopen DATA_DIRECTORY COUNT
// Prints one JSON line of RSS figures in bytes.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { definePlugin, openRuntimeEnvManager } from '../dist/index.js';

const [mode, dataDirectory, countText] = process.argv.slice(2);
const count = Number(countText);
if ((mode !== 'create' && mode !== 'reopen') || !dataDirectory || !Number.isInteger(count)) {
  throw new Error('usage: memory-child.mjs create|reopen DATA_DIRECTORY COUNT');
}

/** Memory kept, not garbage not yet collected (needs --expose-gc). */
function retainedRss() {
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

const benchIdentity = { name: 'core-bench-plugins', version: '1.0.0' };

// The same two plugins in both modes, as a restarted agent loads the same ones.
const alpha = definePlugin({
  apiVersion: 2,
  name: 'alpha',
  schema: z.array(z.string()),
  hash: (spec) => ({ keys: spec.map((item) => `${item}@${createHash('sha256').update(item).digest('hex').slice(0, 16)}`), fromSpecAlone: true }),
  async create(_spec, ctx) {
    writeFileSync(join(ctx.directory, 'content.txt'), ctx.uri);
    return { sizeBytes: 100 };
  },
});
const environmentVariables = definePlugin({
  apiVersion: 2,
  name: 'env_vars',
  schema: z.record(z.string(), z.string()),
  hash: () => ({ keys: [], fromSpecAlone: true }),
  modifyContext(spec, { context }) {
    Object.assign(context.envVars, spec);
  },
});
const documentOf = (index) => ({ alpha: ['shared'], env_vars: { INDEX: String(index) } });

const emptyProcess = retainedRss();
const manager = await openRuntimeEnvManager({
  dataDirectory,
  plugins: [
    { plugin: alpha, options: undefined, source: 'inline', identity: benchIdentity },
    { plugin: environmentVariables, options: undefined, source: 'inline', identity: benchIdentity },
  ],
});
if (mode === 'create') {
  for (let index = 0; index < count; index += 1) await manager.getOrCreate(documentOf(index), { owner: `job-${index}` });
} else {
  // A restarted agent's first call: an environment created before the restart is served from the cache.
  const handle = await manager.getOrCreate(documentOf(count - 1), { owner: `job-${count - 1}` });
  if (!handle.cached) throw new Error('the reopened data directory did not serve its environment from the cache');
}
const rightAfter = process.memoryUsage().rss;
const afterCollection = retainedRss();
const { heapUsed } = process.memoryUsage();
// Only a process that created the environments grew a heap to give back.
const settled = mode === 'create' ? await settledRss() : { rss: afterCollection, seconds: 0 };
// Checked after measuring: listing 10,000 records allocates far more than the manager keeps.
const tracked = manager.listEnvironments().length;
if (tracked !== count) throw new Error(`expected ${count} environments, found ${tracked}`);
await manager.close();
process.stdout.write(
  `${JSON.stringify({ mode, emptyProcess, rightAfter, afterCollection, heapUsed, settled: settled.rss, settledAfterSeconds: settled.seconds })}\n`,
);

/**
 * A full GC frees objects, but V8 keeps the heap it grew during a burst until its
 * memory reducer runs after some idle time (5 to 35 s in our runs, sometimes in
 * steps), so the process is left idle for a fixed window and its RSS read at the end.
 */
async function settledRss() {
  const seconds = Number(process.env.BENCH_SETTLE_SECONDS ?? 45);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return { rss: process.memoryUsage().rss, seconds };
}
