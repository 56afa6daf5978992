// The light entry: `rtenv --help` and usage errors must not load the engine and zod.
import { RuntimeEnvError, SetupFailure } from '@runtime-env/core/plugin';
import { ExitCode } from '../exit-codes.js';

const invalidInputCodes = new Set([
  'invalid_runtime_env',
  'document_too_deep',
  'document_too_large',
  'agent_start_refused',
  'invalid_usage',
  'invalid_json',
  'unreadable_input',
  'environment_in_use',
  'ambiguous_environment',
  'launcher_not_found',
  'launcher_not_local',
]);
const setupFailedCodes = new Set(['setup_timeout', 'environment_failed']);

/** Maps an error to the documented exit code; anything the project did not throw is "unexpected". */
export function exitCodeForError(error: unknown): number {
  if (!RuntimeEnvError.isInstance(error)) return ExitCode.unexpected;
  if (error.code === 'environment_not_found') return ExitCode.notFound;
  // The shell's codes, so `rtenv run` fails like the command would without it.
  if (error.code === 'command_not_found') return ExitCode.commandNotFound;
  if (error.code === 'launch_failed') return ExitCode.commandNotExecutable;
  if (invalidInputCodes.has(error.code) || isConfigError(error)) return ExitCode.invalidInput;
  if (isPluginError(error)) return hookOf(error) === 'validate' ? ExitCode.invalidInput : ExitCode.setupFailed;
  if (SetupFailure.isInstance(error) || setupFailedCodes.has(error.code) || error.code.startsWith('setup_')) return ExitCode.setupFailed;
  return ExitCode.unexpected;
}

/**
 * `PluginError.isInstance`, by shape, as the core itself checks it; an agent's
 * answer carries the same fields in `details`, so a plugin failure through
 * `--agent` exits as it does locally.
 */
function isPluginError(error: RuntimeEnvError): boolean {
  return ('hook' in error && 'plugin' in error) || (error.code === 'plugin_failed' && typeof hookOf(error) === 'string');
}

function hookOf(error: RuntimeEnvError): unknown {
  return 'hook' in error ? error.hook : (error as { details?: { hook?: unknown } }).details?.hook;
}

/**
 * `ConfigError` keeps no marker of its own across copies of the core, so it is
 * recognised by its shape: a project error that names the config entry it came from.
 */
function isConfigError(error: RuntimeEnvError): boolean {
  return typeof (error as { source?: unknown }).source === 'string' || error.code.startsWith('config_') || error.code.startsWith('plugin_load');
}
