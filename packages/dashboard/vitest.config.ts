import { defineConfig } from 'vitest/config';
import { packageTests } from '@runtime-env/tooling/vitest';

export default defineConfig(packageTests());
