// Sums vitest's per-package "Tests ..." summary lines and pytest's closing lines
// ("16 passed, 1 failed in 3.2s", the Ray plugin's) from a turbo log and prints one
// plain closing line, "N passed, N failed, N skipped", that any reader understands.
import { readFileSync } from 'node:fs';

const ansi = /\u001b\[[0-9;]*m/g;
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const rawLine of readFileSync(process.argv[2], 'utf8').split('\n')) {
  const line = rawLine.replace(ansi, '');
  const unprefixed = line.replace(/^.*?:\s/, '');
  const isPytest = /^=*\s*\d+ (passed|failed|skipped|errors?)\b.* in [\d.]+s\b/.test(unprefixed);
  if (!isPytest && !/^\S*\s*Tests\s+\d/.test(unprefixed)) continue;
  for (const [, count, kind] of line.matchAll(/(\d+) (passed|failed|skipped|errors?)\b/g)) totals[kind.startsWith('error') ? 'failed' : kind] += Number(count);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
