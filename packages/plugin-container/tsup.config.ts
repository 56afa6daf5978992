import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig(packageBuild({ index: 'src/index.ts', launch: 'src/launch.ts' }));
