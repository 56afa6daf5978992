import { homedir } from 'node:os';
import path from 'node:path';

export interface DataDirectorySources {
  /** `--data-dir`. */
  flag?: string | undefined;
  /** The process environment (for `RTENV_DATA_DIR` and `XDG_STATE_HOME`). */
  env?: Record<string, string | undefined>;
  /** `dataDir` from the config file, and the file's folder to resolve it against. */
  configValue?: string | undefined;
  configDirectory?: string | undefined;
  cwd?: string;
}

/**
 * One precedence for every command: `--data-dir`, then `RTENV_DATA_DIR`, then the
 * config file, then `$XDG_STATE_HOME/rtenv` (`~/.local/state/rtenv`): environments
 * are state that outlives a cache clean, and the database must persist.
 */
export function resolveDataDirectory(sources: DataDirectorySources): string {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  if (sources.flag) return path.resolve(cwd, sources.flag);
  if (env.RTENV_DATA_DIR) return path.resolve(cwd, env.RTENV_DATA_DIR);
  if (sources.configValue) return path.resolve(sources.configDirectory ?? cwd, sources.configValue);
  const stateHome = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(homedir(), '.local', 'state');
  return path.join(stateHome, 'rtenv');
}
