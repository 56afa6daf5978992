import type { CliIo } from './cli-io.js';
import { cliVersion } from './cli-version.js';
import { commandTable } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { formatGlobalHelp } from './global-help.js';

/**
 * `rtenv`, `rtenv --help`/`-h` and `rtenv --version`/`-V`: answered from the command
 * table and the package's version alone. `runRtenv` tries this before loading the
 * full CLI, whose argument parser and error classes bring in the plugin API; these
 * answers need none of it. Returns undefined for anything else.
 */
export function answerVersionOrHelp(args: readonly string[], io: CliIo): number | undefined {
  const [first] = args;
  if (first === undefined) {
    io.stderr.write(formatGlobalHelp(commandTable));
    return ExitCode.invalidInput;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(formatGlobalHelp(commandTable));
    return ExitCode.ok;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${cliVersion()}\n`);
    return ExitCode.ok;
  }
  return undefined;
}
