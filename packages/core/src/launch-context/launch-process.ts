// Launching lives in `@runtime-env/plugin-api`, so a client can run a command in the
// context an agent returned without loading the engine. This module keeps the
// core's entries (the main one and `cached-run`) exporting it by name: esbuild's
// code splitting drops an `export *` of an external package from all but one entry.
export { commandLineOf, launchProcess, signalNamedBy } from '@runtime-env/plugin-api';
