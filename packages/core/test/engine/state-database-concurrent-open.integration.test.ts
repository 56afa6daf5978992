import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Several `rtenv` processes started at once on a new data directory all open (and so
// create) its database together: switching the new file to WAL and creating the
// schema must wait for each other, not fail with "database is locked".
const root = mkdtempSync(path.join(tmpdir(), 'rtenv-open-race-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const opener = `
import { openStateDatabase } from ${JSON.stringify(fileURLToPath(new URL('../../src/engine/store/state-database.ts', import.meta.url)))};
const database = openStateDatabase(process.argv[1]);
database.prepare('SELECT count(*) FROM schema_version').get();
database.close();
`;

function openInChild(databasePath: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', opener, databasePath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('opening one new state database from many processes at once', () => {
  it('succeeds in every process, every time', async () => {
    for (let round = 0; round < 5; round += 1) {
      const databasePath = path.join(root, `round-${round}`, 'state.sqlite');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(path.dirname(databasePath), { recursive: true });
      const results = await Promise.all(Array.from({ length: 6 }, () => openInChild(databasePath)));
      for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    }
  }, 120_000);
});
