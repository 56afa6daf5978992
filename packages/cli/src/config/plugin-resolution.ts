import { fileURLToPath } from 'node:url';

/**
 * The plugin packages the CLI knows by name (the core knows none). Without a config
 * file, those installed next to the CLI are loaded, in this order.
 */
export const firstPartyPluginPackages = [
  '@runtime-env/plugin-env-vars',
  '@runtime-env/plugin-working-dir',
  '@runtime-env/plugin-pip',
  '@runtime-env/plugin-conda',
  '@runtime-env/plugin-container',
] as const;

// Run from TypeScript sources (tests, `node --conditions=source`), resolve the
// workspace's sources too; a built CLI resolves built packages.
const runningFromSources = import.meta.url.endsWith('.ts');

/** Export conditions the CLI resolves plugin packages with. */
export const pluginResolutionConditions: readonly string[] = runningFromSources ? ['source', 'node', 'import'] : ['node', 'import'];

/** The folder first-party plugins are resolved from: the CLI package's own. */
export const cliPackageDirectory = fileURLToPath(new URL('..', runningFromSources ? new URL('..', import.meta.url) : import.meta.url));

/** The name of the config file looked for in the current directory (the core's `CONFIG_FILE_NAME`). */
export const configFileName = 'rtenv.config.json';
