import { createHash } from 'node:crypto';

/**
 * `conda://<sha256>` of everything that decides the prefix's bytes: the match
 * specs (sorted: their order does not change a solve), the channels in priority
 * order, the pip section in order (its option lines are positional), the
 * platform, the engine and the plugin version. The environment's `name` and
 * `variables` are left out: they change activation, not the prefix.
 */
export function condaUri(input: { version: string; engine: string; subdir: string; channels: readonly string[]; matchSpecs: readonly string[]; pip: readonly string[] }): string {
  const canonical = JSON.stringify({
    plugin: 'conda',
    version: input.version,
    engine: input.engine,
    subdir: input.subdir,
    channels: input.channels,
    matchSpecs: [...input.matchSpecs].map((spec) => spec.trim().replace(/\s+/g, ' ')).sort(),
    pip: input.pip,
  });
  return `conda://${createHash('sha256').update(canonical).digest('hex')}`;
}
