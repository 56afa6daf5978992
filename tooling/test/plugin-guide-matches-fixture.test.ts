import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/writing-a-plugin.md shows the files of a plugin package; an end-to-end test
// installs and runs those very files from packages/e2e/test/fixtures/outside-plugin.
// A code block whose info string names a file (```ts src/motd-plugin.ts) must be
// that file, and every file of the fixture must be shown, so the page cannot drift
// from what the test proves.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const guide = readFileSync(path.join(root, 'docs/writing-a-plugin.md'), 'utf8');
const fixture = path.join(root, 'packages/e2e/test/fixtures/outside-plugin');

const shownFiles = new Map([...guide.matchAll(/^```\w+ (\S+)\n([\s\S]*?)^```$/gm)].map((match) => [match[1]!, match[2]!]));
const fixtureFiles = (readdirSync(fixture, { recursive: true }) as string[]).filter((file) => statSync(path.join(fixture, file)).isFile()).sort();

describe('docs/writing-a-plugin.md', () => {
  it('shows every file of the example plugin, and no other', () => {
    expect([...shownFiles.keys()].sort()).toEqual(fixtureFiles);
  });

  it.each(fixtureFiles)('shows %s as it is', (file) => {
    expect(shownFiles.get(file)).toBe(readFileSync(path.join(fixture, file), 'utf8'));
  });
});
