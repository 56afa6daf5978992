import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy, packagesOf } from '@runtime-env/tooling/module-loads';

const clientFolder = fileURLToPath(new URL('..', import.meta.url));

// Against the built packages (turbo builds them before integration tests), exactly
// as a user's `node -e "import('@runtime-env/client')"` resolves them.
describe('importing the built client', () => {
  it('loads dist/index.js of the client and of the plugin API, and nothing else', () => {
    expect(existsSync(new URL('../dist/index.js', import.meta.url)), 'build the client first: pnpm exec turbo run build --filter=@runtime-env/client').toBe(
      true,
    );
    const files = modulesLoadedBy(clientFolder, "import('@runtime-env/client')", { fromSource: false });
    expect(packagesOf(files)).toEqual(['packages/client', 'packages/plugin-api']);
    expect(files.filter((file) => /better-sqlite3|\.node$/.test(file))).toEqual([]);
  });
});
