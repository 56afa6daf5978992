import type { JsonObject, PluginLogger } from '@runtime-env/plugin-api';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: JsonObject;
}

/** A `PluginLogger` that keeps every entry, so checks can read what a plugin logged. */
export interface RecordingLogger extends PluginLogger {
  readonly entries: LogEntry[];
  /** Every message and field value as one text, for "this never appears in the log" checks. */
  text(): string;
}

export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (message: string, fields?: JsonObject) => {
    entries.push(fields === undefined ? { level, message } : { level, message, fields });
  };
  return {
    entries,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    text: () => entries.map((entry) => `${entry.message} ${entry.fields === undefined ? '' : JSON.stringify(entry.fields)}`).join('\n'),
  };
}
