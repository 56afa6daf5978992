// `pnpm --filter @runtime-env/core bench:listing`: listing 10,000 environments in
// full (`listEnvironments`, which parses each document, config and launch context)
// against the table's summaries (`listEnvironmentSummaries`, one query, no document
// parsed), in alternating rounds on the same data directory; medians per call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntimeEnvManager } from '../src/index.js';
import { countingPlugin } from '../test/fixtures/counting-plugin.js';
import { environmentVariablesPlugin } from '../test/fixtures/environment-variables-plugin.js';

const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

const workDirectory = mkdtempSync(join(tmpdir(), 'runtime-env-listing-bench-'));
const manager = await openRuntimeEnvManager({
  dataDirectory: join(workDirectory, 'data'),
  plugins: [countingPlugin('alpha', { countFile: join(workDirectory, 'creates.txt'), sizeBytes: 1000 }), environmentVariablesPlugin()],
});
// As the dashboard benchmark seeds them, and one in ten also with a URI (a size to add up).
for (let index = 0; index < ENVIRONMENTS; index += 1) {
  const document = { env_vars: { INDEX: String(index), GROUP: `g${index % 7}` }, ...(index % 10 === 0 ? { alpha: [`package-${index}`] } : {}) };
  await manager.getOrCreate(document, { owner: `seed-${index % 50}` });
}

const timed = (list: () => unknown[]): number => {
  const startedAt = performance.now();
  const count = list().length;
  const elapsed = performance.now() - startedAt;
  if (count !== ENVIRONMENTS) throw new Error(`listed ${count} environments, expected ${ENVIRONMENTS}`);
  return elapsed;
};
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const full: number[] = [];
const summaries: number[] = [];
timed(() => manager.listEnvironments());
timed(() => manager.listEnvironmentSummaries());
for (let round = 0; round < ROUNDS; round += 1) {
  full.push(timed(() => manager.listEnvironments()));
  summaries.push(timed(() => manager.listEnvironmentSummaries()));
}
await manager.close();
rmSync(workDirectory, { recursive: true, force: true });

console.log(`\nListing ${ENVIRONMENTS} environments, ${ROUNDS} alternating rounds (median; min-max)`);
console.log(`listEnvironments          ${median(full).toFixed(1)} ms (${Math.min(...full).toFixed(1)}-${Math.max(...full).toFixed(1)})`);
console.log(`listEnvironmentSummaries  ${median(summaries).toFixed(1)} ms (${Math.min(...summaries).toFixed(1)}-${Math.max(...summaries).toFixed(1)})`);
console.log(`ratio                     ${(median(summaries) / median(full)).toFixed(3)}`);
