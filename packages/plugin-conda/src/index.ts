export { condaPlugin, condaPlugin as default } from './conda-plugin.js';
export { condaSpecSchema, type CondaSpec } from './spec/conda-spec-schema.js';
export { condaOptionsSchema, type CondaOptions } from './conda-options.js';
export { formatCondaLock } from './conda-lock.js';
export { uniqueDiskBytes } from './disk-usage.js';
export { findCondaExecutable, type CondaExecutable } from './external/find-conda-executable.js';
export { createEnvironmentArguments } from './external/external-arguments.js';
export { machineSubdir, machineVirtualPackages } from './embedded/machine-platform.js';
