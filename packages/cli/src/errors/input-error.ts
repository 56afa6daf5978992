// The light entry: the full core (engine, zod) loads only for commands that need it.
import { RuntimeEnvError } from '@runtime-env/core/plugin';

/**
 * An argument's content cannot be used: a runtime_env that is not JSON, a file that
 * cannot be read. Distinct from `UsageError` because the command line was well formed.
 */
export class InputError extends RuntimeEnvError {
  constructor(code: string, message: string, hint?: string) {
    super(code, message, hint ? { hint } : {});
  }
}
