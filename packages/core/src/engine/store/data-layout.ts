import { join } from 'node:path';
import { sha256HexOfText } from '../../digest/text-digest.js';

/** Hex characters of the URI's SHA-256 used as its directory name. */
const URI_DIRECTORY_NAME_LENGTH = 32;

/**
 * Where things live under the data directory. Directory names are derived from
 * the URI's hash, never from the URI text, so any URI is a safe file name.
 */
export class DataLayout {
  constructor(readonly dataDirectory: string) {}

  get databasePath(): string {
    return join(this.dataDirectory, 'state.sqlite');
  }

  get pluginsDirectory(): string {
    return join(this.dataDirectory, 'plugins');
  }

  get logsDirectory(): string {
    return join(this.dataDirectory, 'logs');
  }

  /** `ctx.pluginDirectory`: kept across URIs and restarts. */
  pluginSharedDirectory(plugin: string): string {
    return join(this.pluginsDirectory, plugin, 'shared');
  }

  pluginUrisDirectory(plugin: string): string {
    return join(this.pluginsDirectory, plugin, 'uris');
  }

  uriDirectory(plugin: string, uri: string): string {
    const name = sha256HexOfText(uri).slice(0, URI_DIRECTORY_NAME_LENGTH);
    return join(this.pluginUrisDirectory(plugin), name);
  }

  setupLogPath(environmentId: string): string {
    return join(this.logsDirectory, `${environmentId}.log`);
  }
}
