// The hooks half of record-module-loads.mjs: runs on the loader thread.
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(file, `esm ${resolved.url}\n`);
  return resolved;
}
