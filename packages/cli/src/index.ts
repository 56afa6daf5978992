export { runCli } from './main.js';
export { runRtenv } from './rtenv.js';
export { commandTable, type CommandEntry } from './commands/index.js';
export { defineCommand, type CommandDefinition, type CommandInvocation, type OptionSpec, type OptionSpecs } from './arguments/command-definition.js';
export { processIo, type CliIo } from './cli-io.js';
export { ExitCode } from './exit-codes.js';
export { UsageError } from './errors/usage-error.js';
export { startRtenvAgent, agentPluginOptionDefaults } from './agent/start-rtenv-agent.js';
