import { PassThrough } from 'node:stream';

/** A stream that remembers what was written, and can wait for some text to appear. */
export function collectOutput(): { stream: PassThrough; text(): string; waitFor(text: string): Promise<void> } {
  const stream = new PassThrough();
  let collected = '';
  const waiters: { text: string; resolve(): void }[] = [];
  stream.on('data', (chunk: Buffer) => {
    collected += chunk.toString('utf8');
    for (const waiter of waiters.filter((each) => collected.includes(each.text))) waiter.resolve();
  });
  return {
    stream,
    text: () => collected,
    waitFor: (text) => (collected.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }))),
  };
}
