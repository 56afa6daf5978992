import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import type { JsonObject } from '@runtime-env/plugin-api';
import { PRIVATE_FILE_MODE } from '../store/private-files.js';
import { createMasker } from '../logging/secret-masking.js';

/** Lines a `PluginError` carries from the end of the setup log. */
export const LOG_TAIL_LINES = 20;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * One environment's setup log file. Every line is masked before it is written or
 * kept, so neither the file nor an error built from its tail holds a secret.
 */
export class SetupLog {
  private readonly tailLines: string[] = [];
  private mask: (text: string) => string;
  private readonly secrets: Set<string>;
  /** Open while the environment is being created; a line written later (a late plugin log) appends on its own. */
  private descriptor: number | undefined;

  constructor(
    readonly path: string,
    secrets: Iterable<string>,
  ) {
    this.secrets = new Set(secrets);
    this.mask = createMasker(this.secrets);
  }

  /** Masks `text` with the environment's secrets (for error messages). */
  maskText(text: string, extraSecrets: readonly string[] = []): string {
    return extraSecrets.length === 0 ? this.mask(text) : createMasker([...this.secrets, ...extraSecrets])(this.mask(text));
  }

  write(source: string, level: LogLevel, message: string, fields?: JsonObject, extraSecrets: readonly string[] = []): string {
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    const line = this.maskText(`${message}${suffix}`, extraSecrets);
    this.tailLines.push(`[${source}] ${line}`);
    if (this.tailLines.length > LOG_TAIL_LINES) this.tailLines.shift();
    const entry = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${source}] ${line}\n`;
    try {
      // Each line reaches the file before the next step runs, so a crash mid-creation leaves its log behind.
      if (this.descriptor === undefined) appendFileSync(this.path, entry, { mode: PRIVATE_FILE_MODE });
      else writeSync(this.descriptor, entry);
    } catch {
      // A full disk must not turn into a failed environment; the tail is still kept in memory.
    }
    return line;
  }

  /**
   * Keeps the file open until `close`: a creation writes several lines, and one
   * open and close per line was most of what an env_vars environment cost.
   */
  open(): void {
    try {
      this.descriptor ??= openSync(this.path, 'a', PRIVATE_FILE_MODE);
    } catch {
      // Lines then append one by one, each reporting nothing on failure, as before.
    }
  }

  close(): void {
    if (this.descriptor === undefined) return;
    const descriptor = this.descriptor;
    this.descriptor = undefined;
    try {
      closeSync(descriptor);
    } catch {
      // Already closed by the system: nothing is lost, every line was written synchronously.
    }
  }

  tail(): string[] {
    return [...this.tailLines];
  }
}
