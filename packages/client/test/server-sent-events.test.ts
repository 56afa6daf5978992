import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readServerSentEvents } from '../src/server-sent-events.js';

async function collect(chunks: string[]) {
  const events = [];
  for await (const event of readServerSentEvents(Readable.from(chunks.map((chunk) => Buffer.from(chunk))))) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('joins lines split across chunks, skips comments, keeps event names and ids', async () => {
    const events = await collect([
      'id: 1\nevent: prog',
      'ress\ndata: {"a":',
      '1}\n\n: keep-alive\n\n',
      'event: state\r\ndata: line one\r\ndata: line two\r\n\r\n',
    ]);
    expect(events).toEqual([
      { event: 'progress', data: '{"a":1}', id: '1' },
      { event: 'state', data: 'line one\nline two', id: '1' },
    ]);
  });

  it('defaults the event name to message and drops an unterminated last event', async () => {
    expect(await collect(['data: x\n\ndata: never finished'])).toEqual([{ event: 'message', data: 'x' }]);
  });
});
