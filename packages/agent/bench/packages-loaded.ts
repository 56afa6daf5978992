import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const recorderHooks = new URL('./record-loaded-packages.mjs', import.meta.url).href;

/** Package names found in module paths or URLs (`node_modules/<name>/`), scoped names included, workspace packages left out. */
function packageNames(locations: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const location of locations) {
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(decodeURIComponent(location));
    if (match && !match[1]!.startsWith('@runtime-env/')) names.add(match[1]!);
  }
  return names;
}

/**
 * The third-party packages a fresh Node process loads when it imports `specifiers`
 * in order, resolved from `directory`: ES modules through a resolve hook, CommonJS
 * ones from the require cache. `nodeArguments` go before the hook (`--conditions=source
 * --import tsx` to import TypeScript sources).
 */
export function packagesLoaded(directory: string, specifiers: readonly string[], nodeArguments: readonly string[] = []): Set<string> {
  const recordFile = path.join(tmpdir(), `rtenv-import-record-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(recordFile, '');
  const script = `
${specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`).join('\n')}
const { createRequire } = await import('node:module');
process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
`;
  try {
    const output = execFileSync(process.execPath, [...nodeArguments, '--import', recorderHooks, '--input-type=module', '-e', script], {
      cwd: directory,
      encoding: 'utf8',
      env: { ...process.env, RECORD_MODULES_FILE: recordFile },
    });
    return packageNames([...(JSON.parse(output) as string[]), ...readFileSync(recordFile, 'utf8').split('\n')]);
  } finally {
    rmSync(recordFile, { force: true });
  }
}
