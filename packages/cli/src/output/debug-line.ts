import type { CliIo } from '../cli-io.js';

/** A line for whoever debugs rtenv (`RTENV_DEBUG=1`): which path a command took and why. Never holds secrets. */
export function writeDebugLine(io: CliIo, message: string): void {
  if (io.env.RTENV_DEBUG) io.stderr.write(`rtenv: debug: ${message}\n`);
}
