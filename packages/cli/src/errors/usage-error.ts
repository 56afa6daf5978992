// The light entry: the full core (engine, zod) loads only for commands that need it.
import { RuntimeEnvError } from '@runtime-env/core/plugin';

/** The command line itself is wrong: an unknown option, a missing argument. Exit code 2. */
export class UsageError extends RuntimeEnvError {
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super('invalid_usage', message, { hint: command ? `see \`rtenv ${command} --help\`` : 'see `rtenv --help`' });
    this.command = command;
  }
}
