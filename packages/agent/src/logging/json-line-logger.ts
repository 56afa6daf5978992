import type { JsonObject } from '@runtime-env/core';
import { redactSecrets } from './redact-secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): unknown;
}

/**
 * One JSON object per line: `{"time","level","msg",...fields}`. Fields pass through
 * `redactSecrets`, so a caller that hands over a document by mistake still does
 * not leak `env_vars` values or tokens.
 */
export class JsonLineLogger {
  private readonly minimumRank: number;

  constructor(
    private readonly sink: LogSink,
    level: LogLevel = 'info',
  ) {
    this.minimumRank = levelRank[level];
  }

  enabled(level: LogLevel): boolean {
    return levelRank[level] >= this.minimumRank;
  }

  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (levelRank[level] < this.minimumRank) return;
    const entry: JsonObject = { time: new Date().toISOString(), level, msg: message };
    if (fields !== undefined) Object.assign(entry, redactSecrets(fields));
    this.sink.write(`${JSON.stringify(entry)}\n`);
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.log('error', message, fields);
  }
}

export const silentLogger = new JsonLineLogger({ write: () => undefined }, 'error');
