import type { Readable } from 'node:stream';

const headerLength = 8;

/**
 * Splits the Engine's multiplexed output (no TTY) into stdout and stderr: each
 * frame is an 8-byte header (stream type: 1 stdout, 2 stderr; 3 zero bytes; a
 * big-endian 32-bit length) and the payload. Frames may arrive cut anywhere, so
 * bytes are kept until a frame is whole.
 */
export function demultiplexOutput(source: Readable, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): void {
  let pending: Buffer = Buffer.alloc(0);
  source.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= headerLength) {
      const payloadLength = pending.readUInt32BE(4);
      if (pending.length < headerLength + payloadLength) break;
      const payload = pending.subarray(headerLength, headerLength + payloadLength);
      (pending[0] === 2 ? stderr : stdout).write(payload);
      pending = pending.subarray(headerLength + payloadLength);
    }
  });
}
