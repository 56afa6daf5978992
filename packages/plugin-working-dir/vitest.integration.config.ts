import { defineConfig } from 'vitest/config';
import { packageIntegrationTests } from '@runtime-env/tooling/vitest';
import { withoutModuleCondition } from './vitest.conditions.js';

export default defineConfig(withoutModuleCondition(packageIntegrationTests()));
