// Loaded with `node --import` ahead of a command: writes every module the process
// loads to the file named by RTENV_RECORD_LOADS, one per line, as `esm <url>`
// (through a resolve hook) and, on exit, `cjs <path>` (the CommonJS cache, which
// the hook does not see: better-sqlite3 is loaded with `createRequire`) and
// `builtin node:<name>` for each public Node built-in loaded by any means (a
// CommonJS `require`, `process.getBuiltinModule`), from `process.moduleLoadList`.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.RTENV_RECORD_LOADS;
if (!file) throw new Error('record-module-loads: set RTENV_RECORD_LOADS to the file to write to');
register('./record-module-loads-hooks.mjs', import.meta.url, { data: { file } });
const require = createRequire(import.meta.url);
process.on('exit', () => {
  const lines = Object.keys(require.cache).map((path) => `cjs ${path}\n`);
  const builtins = process.moduleLoadList
    .filter((entry) => entry.startsWith('NativeModule ') && !entry.startsWith('NativeModule internal/'))
    .map((entry) => `builtin node:${entry.slice('NativeModule '.length)}\n`);
  appendFileSync(file, [...lines, ...builtins].join(''));
});
