import type { Readable } from 'node:stream';

export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Splits a `text/event-stream` body into events (the WHATWG format: `field: value`
 * lines, a blank line ends an event, `:` lines are comments used as heartbeats).
 */
export async function* readServerSentEvents(stream: Readable): AsyncGenerator<ServerSentEvent> {
  let buffered = '';
  let event = 'message';
  let dataLines: string[] = [];
  let id: string | undefined;
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    buffered += chunk as string;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline).replace(/\r$/, '');
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      if (line === '') {
        if (dataLines.length > 0) yield { event, data: dataLines.join('\n'), ...(id === undefined ? {} : { id }) };
        event = 'message';
        dataLines = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') dataLines.push(value);
      else if (field === 'id') id = value;
    }
  }
}
