import { defineConfig } from 'vitest/config';
import { packageTests } from '@runtime-env/tooling/vitest';
import { withoutModuleCondition } from './vitest.conditions.js';

export default defineConfig(withoutModuleCondition(packageTests()));
