// Sums vitest's per-package "Tests ..." summary lines and pytest's closing lines
// ("16 passed, 1 failed in 3.2s", the Ray plugin's) from a turbo log and prints one
// plain closing line, "N passed, N failed, N skipped", that any reader understands.
// Above it, it lists every failed test with the first lines of its error: CI keeps
// only the tail of a long log, and a count without names cannot be acted on.
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
const ansi = /\u001b\[[0-9;]*m/g;
const linesOfErrorShown = 6;
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const lines = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .map((rawLine) => rawLine.replace(ansi, ''));
lines.forEach((line, index) => {
  const packageTask = /^(\S+?:\S+?):\s/.exec(line)?.[1] ?? '';
  const unprefixed = line.replace(/^.*?:\s/, '');
  // vitest: " FAIL  test/x.test.ts > suite > name" heads each failure's details.
  // pytest: "FAILED tests/test_x.py::name - message" / "ERROR ..." in its short summary.
  if (/^\s*FAIL\s+\S/.test(unprefixed) || /^(FAILED|ERROR) \S+::/.test(unprefixed)) {
    const details = [];
    const isVitest = /^\s*FAIL\s/.test(unprefixed);
    for (const following of lines.slice(index + 1, index + 1 + linesOfErrorShown * 3)) {
      const text = following.replace(/^.*?:\s/, '').trimEnd();
      if (!isVitest || details.length >= linesOfErrorShown) break;
      if (/^\s*(FAIL\s|Tests\s|Test Files\s)/.test(text) || /^(FAILED|ERROR) /.test(text)) break;
      if (text.trim() !== '' && !/^[⎯\s]+$/.test(text)) details.push(text);
    }
    failures.push([`${packageTask} ${unprefixed.trim()}`, ...details.map((detail) => `    ${detail}`)].join('\n'));
  }
  // A file that failed before its tests ran (" FAIL  test/x.ts [ test/x.ts ]") counts as one failure: its tests only show as skipped.
  if (/^\s*FAIL\s+(\S+)\s+\[\s*\1\s*\]/.test(unprefixed)) totals.failed += 1;
  const isPytest = /^=*\s*\d+ (passed|failed|skipped|errors?)\b.* in [\d.]+s\b/.test(unprefixed);
  if (!isPytest && !/^\S*\s*Tests\s+\d/.test(unprefixed)) return;
  for (const [, count, kind] of line.matchAll(/(\d+) (passed|failed|skipped|errors?)\b/g)) totals[kind.startsWith('error') ? 'failed' : kind] += Number(count);
});
if (failures.length > 0) console.log(`failed tests:\n${[...new Set(failures)].join('\n')}\n`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
