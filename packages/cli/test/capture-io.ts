import { PassThrough } from 'node:stream';
import type { CliIo } from '../src/cli-io.js';

/** A CliIo whose output the test reads back. */
export function captureIo(overrides: Partial<CliIo> = {}): CliIo & { stdoutText(): string; stderrText(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdoutChunks: Buffer[] = [];
  const stderrChunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => stdoutChunks.push(chunk));
  stderr.on('data', (chunk: Buffer) => stderrChunks.push(chunk));
  return {
    stdout,
    stderr,
    stderrIsTerminal: false,
    terminalColumns: undefined,
    env: {},
    cwd: process.cwd(),
    ...overrides,
    stdoutText: () => Buffer.concat(stdoutChunks).toString('utf8'),
    stderrText: () => Buffer.concat(stderrChunks).toString('utf8'),
  };
}
