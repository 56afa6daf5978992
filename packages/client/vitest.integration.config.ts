import { defineConfig } from 'vitest/config';
import { packageIntegrationTests } from '@runtime-env/tooling/vitest';

export default defineConfig(packageIntegrationTests());
