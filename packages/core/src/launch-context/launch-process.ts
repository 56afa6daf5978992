// Launching lives in `@runtime-env/plugin-api`, so a client can run a command in the
// context an agent returned without loading the engine. The main entry re-exports it
// through `plugin/index.ts`; this module keeps `cached-run` (which imports it from
// here) exporting it by name.
export { commandLineOf, launchProcess, signalNamedBy } from '@runtime-env/plugin-api';
