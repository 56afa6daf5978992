// Sums vitest's per-package "Tests ..." summary lines from a turbo log and prints
// one plain closing line, "N passed, N failed, N skipped", that any reader understands.
import { readFileSync } from 'node:fs';

const ansi = /\u001b\[[0-9;]*m/g;
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const rawLine of readFileSync(process.argv[2], 'utf8').split('\n')) {
  const line = rawLine.replace(ansi, '');
  if (!/^\S*\s*Tests\s+\d/.test(line.replace(/^.*?:\s/, ''))) continue;
  for (const [, count, kind] of line.matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(count);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
