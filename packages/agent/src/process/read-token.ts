import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '@runtime-env/core';

export const TOKEN_ENVIRONMENT_VARIABLE = 'RTENV_AGENT_TOKEN';

/**
 * The bearer token from `tokenFile` (first line, trimmed) or else from
 * `RTENV_AGENT_TOKEN`. A file others can read is refused: the token is a password.
 */
export function readToken(tokenFile: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (tokenFile !== undefined) {
    let text: string;
    try {
      const mode = statSync(tokenFile).mode;
      if ((mode & 0o077) !== 0) {
        throw new ConfigError('token_file_too_open', tokenFile, 'the token file can be read by other users', { hint: `run \`chmod 600 ${tokenFile}\`` });
      }
      text = readFileSync(tokenFile, 'utf8');
    } catch (error) {
      if (ConfigError.isInstance(error)) throw error;
      throw new ConfigError('token_file_unreadable', tokenFile, `cannot read the token file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
        hint: 'pass a readable file with --agent-token-file, or set RTENV_AGENT_TOKEN',
      });
    }
    const token = text.split('\n')[0]!.trim();
    if (token.length === 0)
      throw new ConfigError('token_file_empty', tokenFile, 'the token file is empty', {
        hint: 'write a long random token into it, e.g. `openssl rand -hex 32`',
      });
    return token;
  }
  const fromEnvironment = env[TOKEN_ENVIRONMENT_VARIABLE]?.trim();
  return fromEnvironment === undefined || fromEnvironment.length === 0 ? undefined : fromEnvironment;
}
