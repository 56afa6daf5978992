export { makeTemporaryDataDirectory, type TemporaryDirectory } from './temporary-data-directory.js';
export { openTestManager, type TestManagerOptions } from './open-test-manager.js';
export { runPluginThroughCore, TEST_OWNER, type CommandOutput, type PluginRun } from './run-plugin-through-core.js';
export { loadPluginForTest, loadPluginEntries, type PluginEntry, type PluginWithOptions } from './load-plugin-for-test.js';
