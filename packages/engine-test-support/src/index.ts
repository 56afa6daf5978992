// Helpers that open the real engine (SQLite, the config loader) inside a test
// process. They live here, in a private package, so that the published testkit
// never loads the engine; this repository's plugin tests use them.
export { openTestManager, type TestManagerOptions } from './open-test-manager.js';
export { runPluginThroughCore, TEST_OWNER, type CommandOutput, type PluginRun } from './run-plugin-through-core.js';
export { loadPluginForTest, loadPluginEntries, type PluginEntry, type PluginWithOptions } from './load-plugin-for-test.js';
