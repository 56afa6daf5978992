import { fileURLToPath } from 'node:url';
import { modulesLoadedBy, packagesOf } from '@runtime-env/tooling/module-loads';
import { describe, expect, it } from 'vitest';

const cliFolder = fileURLToPath(new URL('..', import.meta.url));
/** What `--import tsx` itself loads to compile the sources. */
const sourceLoader = ['esbuild', 'tsx'];

/** The packages `runRtenv(args)` loads from the sources, in a fresh process. */
function packagesLoadedFor(args: readonly string[]): string[] {
  const code = `import('./src/rtenv.ts').then((m) => m.runRtenv(${JSON.stringify(args)}, { stdout: { write() {} }, stderr: { write() {} }, env: {} }))`;
  return packagesOf(modulesLoadedBy(cliFolder, code, { fromSource: true })).filter((name) => !sourceLoader.includes(name));
}

describe('rtenv --version and --help load the CLI alone', () => {
  it.each(['--version', '-V', '--help', '-h', ''])('rtenv %s: no plugin API, no core', (argument) => {
    expect(packagesLoadedFor(argument === '' ? [] : [argument])).toEqual(['packages/cli']);
  });

  // Control: a command goes through the full CLI, whose error classes come from the core.
  it('would be caught: `rtenv help ls` loads the core and the plugin API', () => {
    expect(packagesLoadedFor(['help', 'ls'])).toEqual(expect.arrayContaining(['packages/core', 'packages/plugin-api']));
  });
});
