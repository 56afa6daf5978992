import { createRequire } from 'node:module';

// smol-toml is loaded on first use, not with the plugin: only a pylock.toml spec or
// `rtenv lock --format pylock` needs it, while every process that configures the
// plugin imports it. The spec schema and `formatLock` are synchronous, so a dynamic
// `import()` cannot do; smol-toml ships a CommonJS build that `require` loads.
type Toml = typeof import('smol-toml');
let loaded: Toml | undefined;

function toml(): Toml {
  loaded ??= createRequire(import.meta.url)('smol-toml') as Toml;
  return loaded;
}

/** smol-toml's `parse`, loaded on first call. */
export function parse(source: string): Record<string, unknown> {
  return toml().parse(source);
}

/** smol-toml's `stringify`, loaded on first call. */
export function stringify(value: Parameters<Toml['stringify']>[0]): string {
  return toml().stringify(value);
}
