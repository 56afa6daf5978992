import { defineConfig } from 'tsup';
import { packageBuild } from '@runtime-env/tooling/tsup';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }),
  // The page: one minified script, copied next to `static/` (index.html, style.css) in dist/ui.
  {
    entry: { app: 'src/app/main.ts' },
    format: ['iife'],
    platform: 'browser',
    target: 'es2022',
    outDir: 'dist/ui',
    publicDir: 'static',
    minify: true,
    dts: false,
    sourcemap: false,
    clean: false,
    outExtension: () => ({ js: '.js' }),
  },
]);
