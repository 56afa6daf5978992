import { RuntimeEnvError, type RuntimeEnvErrorOptions } from './runtime-env-error.js';

/** The config file, or a plugin named in it, cannot be used. `source` says which file or entry. */
export class ConfigError extends RuntimeEnvError {
  readonly source: string;

  constructor(code: string, source: string, message: string, options?: RuntimeEnvErrorOptions) {
    super(code, `${source}: ${message}`, options);
    this.source = source;
  }
}
