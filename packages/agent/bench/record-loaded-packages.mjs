// Registered with `node --import`: appends every resolved ES module URL to the file
// named by RECORD_MODULES_FILE, so the import-cost benchmark can list the packages
// a plugin's import reaches (CommonJS modules are read from the require cache instead).
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.RECORD_MODULES_FILE) appendFileSync(process.env.RECORD_MODULES_FILE, resolved.url + '\\n');
  return resolved;
}`)}`,
);
