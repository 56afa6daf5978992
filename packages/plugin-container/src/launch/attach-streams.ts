import type { Duplex } from 'node:stream';
import type { LaunchIo } from '@runtime-env/plugin-api';
import type { LaunchEngineClient } from '../engine/launch-engine-client.js';
import { demultiplexOutput } from './demultiplex-output.js';

export interface AttachedStreams {
  /** Resolves when the Engine has sent all output (the container ended and the stream closed). */
  outputDone: Promise<void>;
  /** Starts forwarding the caller's stdin (or ends the container's when it is 'ignore'); call it once the container started. */
  beginInput(): void;
  /** Stops forwarding stdin, so the launching process can exit. */
  detachInput(): void;
}

/**
 * Attaches before start so no early output is lost. stdout and stderr arrive
 * multiplexed on one stream (no TTY) and are split as they come; stdin, when
 * forwarded, is piped in and the write side closed at its end so the command sees EOF.
 *
 * With a `commandLine` (a claimed standby), stdin is always attached, and
 * `beginInput` writes the line, then forwards the caller's stdin: it is called
 * once the standby started and the exit wait is registered, so nothing of the
 * caller's stdin is consumed by a standby that cannot start, and the command
 * starts only once its end will be seen.
 */
export async function attachStreams(client: LaunchEngineClient, containerId: string, io: LaunchIo, commandLine?: string): Promise<AttachedStreams> {
  const stream: Duplex = await client.attach(containerId, { stdin: commandLine !== undefined || io.stdin !== 'ignore' });
  const stdout = io.stdout === 'inherit' ? process.stdout : io.stdout;
  const stderr = io.stderr === 'inherit' ? process.stderr : io.stderr;
  demultiplexOutput(stream, stdout, stderr);
  const outputDone = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });

  const input = io.stdin === 'inherit' ? process.stdin : io.stdin === 'ignore' ? undefined : io.stdin;
  const endInput = (): void => {
    stream.end();
  };
  let inputBegun = false;
  const beginInput = (): void => {
    if (inputBegun) return;
    inputBegun = true;
    if (commandLine !== undefined) stream.write(commandLine);
    if (!input) {
      if (commandLine !== undefined) endInput();
      return;
    }
    input.on('end', endInput);
    input.pipe(stream, { end: false });
  };
  if (commandLine === undefined) beginInput();
  return {
    outputDone,
    beginInput,
    detachInput() {
      if (!input || !inputBegun) return;
      input.unpipe(stream);
      input.off('end', endInput);
      // Inherited stdin would otherwise keep the CLI alive waiting for input nobody reads.
      if (input === process.stdin) process.stdin.pause();
    },
  };
}
