import { formatCommandHelp } from './arguments/format-command-help.js';
import { parseCommandArguments } from './arguments/parse-command-arguments.js';
import type { CliIo } from './cli-io.js';
import { findCommand } from './commands/command-entry.js';
import { commandTable } from './commands/index.js';
import { exitCodeForError } from './errors/exit-code-for-error.js';
import { formatError } from './errors/format-error.js';
import { UsageError } from './errors/usage-error.js';
import { ExitCode } from './exit-codes.js';
import { formatGlobalHelp } from './global-help.js';
import { answerVersionOrHelp } from './version-and-help.js';
import { closestName } from './arguments/closest-name.js';

/**
 * Runs one rtenv invocation through the command table (the engine's path for
 * `rtenv run`) and returns its exit code; never throws. The binary enters
 * through `runRtenv`, which tries the fast path first.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (error) {
    io.stderr.write(formatError(error, { showStack: Boolean(io.env.RTENV_DEBUG) }));
    return exitCodeForError(error);
  }
}

async function dispatch(args: readonly string[], io: CliIo): Promise<number> {
  const answered = answerVersionOrHelp(args, io);
  if (answered !== undefined) return answered;
  const [first = '', ...rest] = args;
  if (first === 'help') return showCommandHelp(rest[0], io);

  const entry = findCommand(commandTable, first);
  if (!entry) throw unknownCommand(first);
  const command = await entry.load();
  const parsed = parseCommandArguments(command, rest);
  if (parsed.helpRequested) {
    io.stdout.write(formatCommandHelp(command));
    return ExitCode.ok;
  }
  return command.run({ values: parsed.values, positionals: parsed.positionals, io });
}

async function showCommandHelp(name: string | undefined, io: CliIo): Promise<number> {
  if (name === undefined) {
    io.stdout.write(formatGlobalHelp(commandTable));
    return ExitCode.ok;
  }
  const entry = findCommand(commandTable, name);
  if (!entry) throw unknownCommand(name);
  io.stdout.write(formatCommandHelp(await entry.load()));
  return ExitCode.ok;
}

function unknownCommand(name: string): UsageError {
  const known = commandTable.map((entry) => entry.name);
  const close = closestName(name, known);
  const suggestion = close ? ` (did you mean \`rtenv ${close}\`?)` : '';
  return new UsageError(`unknown command "${name}"${suggestion}; commands: ${known.join(', ')}`);
}
