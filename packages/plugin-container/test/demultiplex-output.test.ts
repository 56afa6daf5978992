import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demultiplexOutput } from '../src/launch/demultiplex-output.js';
import { collectOutput } from './collect-output.js';

function frame(streamType: number, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = streamType;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('demultiplexOutput (the Engine stream format without a TTY)', () => {
  it('splits frames into stdout and stderr, whole or cut at every byte', () => {
    const frames = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, ''), frame(1, 'out two\n')]);
    for (const cutEvery of [frames.length, 1, 3, 9]) {
      const source = new PassThrough();
      const stdout = collectOutput();
      const stderr = collectOutput();
      demultiplexOutput(source, stdout.stream, stderr.stream);
      for (let start = 0; start < frames.length; start += cutEvery) source.write(frames.subarray(start, start + cutEvery));
      expect({ cutEvery, stdout: stdout.text(), stderr: stderr.text() }).toEqual({ cutEvery, stdout: 'out one\nout two\n', stderr: 'err\n' });
    }
  });
});
