// The READMEs list the codes a failed creation carries; this keeps them the codes
// the engine really throws (they once named `setup_failed_*`, which no user ever saw).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedFailureOf } from '../../src/engine/failures/stored-failure.js';
import { PluginError } from '@runtime-env/plugin-api';
import { SetupTimeoutError } from '@runtime-env/plugin-api';

const packagesDirectory = fileURLToPath(new URL('../../../', import.meta.url));

const thrownCreationCodes = new Set([
  new PluginError({ plugin: 'pip', hook: 'create', cause: new Error('x'), failureClass: 'permanent' }).code,
  new SetupTimeoutError({ plugin: 'pip', phase: 'installing', timeoutSeconds: 1 }).code,
  storedFailureOf(new Error('outside any plugin'), 0).code,
]);

function readmes(): Array<{ name: string; text: string }> {
  return readdirSync(packagesDirectory)
    .map((name) => path.join(packagesDirectory, name, 'README.md'))
    .filter((file) => {
      try {
        readFileSync(file);
        return true;
      } catch {
        return false;
      }
    })
    .map((file) => ({ name: path.relative(packagesDirectory, file), text: readFileSync(file, 'utf8') }));
}

describe('documented creation failure codes', () => {
  it('are exactly the codes the engine throws, in the CLI table', () => {
    const cliReadme = readFileSync(path.join(packagesDirectory, 'cli', 'README.md'), 'utf8');
    const row = cliReadme.split('\n').find((line) => line.startsWith('| `') && line.includes('creating the environment failed'));
    const firstCell = row?.split('|')[1] ?? '';
    expect(new Set([...firstCell.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]))).toEqual(thrownCreationCodes);
  });

  it('name no other setup or plugin failure code in any README', () => {
    for (const { name, text } of readmes()) {
      const named = [...text.matchAll(/`(setup_failed[a-z_]*|setup_timeout|plugin_failed[a-z_]*)`/g)].map((match) => match[1]!);
      for (const code of named) expect(thrownCreationCodes, `${name} names ${code}`).toContain(code);
    }
  });
});
