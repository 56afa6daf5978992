import type { ViteUserConfig } from 'vitest/config';
export declare function packageTests(test?: NonNullable<ViteUserConfig['test']>): ViteUserConfig;
export declare function packageIntegrationTests(test?: NonNullable<ViteUserConfig['test']>): ViteUserConfig;
