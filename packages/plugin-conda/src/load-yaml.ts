import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
const require = createRequire(import.meta.url);
let yaml: Yaml | undefined;

/**
 * Loads the YAML library on first use (about 30 ms), so importing the plugin stays
 * cheap for every process that only validates documents. Synchronous because the
 * spec schema reads an environment file while zod parses, and zod's parse is sync;
 * under Node `yaml` resolves to its CommonJS build, the same module `import` gives.
 */
export function loadYaml(): Yaml {
  yaml ??= require('yaml') as Yaml;
  return yaml;
}
