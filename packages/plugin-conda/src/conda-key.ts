import { createHash } from 'node:crypto';

/**
 * The SHA-256 of everything that decides the prefix's bytes: the match specs
 * (sorted: their order does not change a solve), the channels in priority order,
 * the pip section in order (its option lines are positional), the platform and
 * the engine (the core adds the plugin's package and version to the URI). The
 * environment's `name` and `variables` are left out: they change activation, not the prefix.
 */
export function condaKey(input: {
  engine: string;
  subdir: string;
  channels: readonly string[];
  matchSpecs: readonly string[];
  pip: readonly string[];
}): string {
  const canonical = JSON.stringify({
    engine: input.engine,
    subdir: input.subdir,
    channels: input.channels,
    matchSpecs: [...input.matchSpecs].map((spec) => spec.trim().replace(/\s+/g, ' ')).sort(),
    pip: input.pip,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
