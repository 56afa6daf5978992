import type { ViteUserConfig } from 'vitest/config';

// The AWS SDK's "module" build imports files without extensions, which only a
// bundler resolves; Node's own resolution (no "module" condition) picks its
// working CommonJS build.
export function withoutModuleCondition(config: ViteUserConfig): ViteUserConfig {
  const conditions = (list: string[] | undefined) => (list ?? []).filter((condition) => condition !== 'module');
  return {
    ...config,
    resolve: { ...config.resolve, conditions: conditions(config.resolve?.conditions) },
    ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions: conditions(config.ssr?.resolve?.conditions) } },
  };
}
