import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

// `format` is an entry of its own so the dashboard's page and the CLI's tables load the
// formatters alone, not the contract and errors.
export default defineConfig(packageBuild({ index: 'src/index.ts', format: 'src/format/human-units.ts' }));
