import { createRequire } from 'node:module';

type IgnoreFactory = typeof import('ignore');
const require = createRequire(import.meta.url);
let ignoreFactory: IgnoreFactory | undefined;

/**
 * Loads `ignore` when the first package is packed rather than when the plugin is
 * imported (the CLI and the agent import every plugin at start). Synchronous so
 * that `new ExclusionRules()` stays a plain constructor; `ignore` is CommonJS, so
 * `require` gives the same function `import` does.
 */
export function loadIgnore(): IgnoreFactory {
  ignoreFactory ??= require('ignore') as IgnoreFactory;
  return ignoreFactory;
}
