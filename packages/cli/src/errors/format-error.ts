// The light entry: the full core (engine, zod) loads only for commands that need it.
import { RuntimeEnvError } from '@runtime-env/core/plugin';
import { maskSecrets } from '../output/mask-secrets.js';

/**
 * The text printed on stderr for a failure. Project errors already carry their hint
 * and log tail in the message; anything else is a bug, so its stack is worth showing
 * when asked for.
 */
export function formatError(error: unknown, options: { secrets?: readonly string[]; showStack?: boolean } = {}): string {
  const secrets = options.secrets ?? [];
  if (RuntimeEnvError.isInstance(error)) {
    return maskSecrets(`rtenv: error [${error.code}]: ${error.message}\n`, secrets);
  }
  const text = error instanceof Error ? (options.showStack ? (error.stack ?? error.message) : error.message) : String(error);
  const advice = options.showStack ? '' : '\n  hint: this is unexpected; run again with RTENV_DEBUG=1 to see where it happened, and report it';
  return maskSecrets(`rtenv: unexpected error: ${text}${advice}\n`, secrets);
}
