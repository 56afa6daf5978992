/**
 * Resolves once everything written to stdout and stderr so far has been handed to
 * the operating system. A pipe takes 64 KiB at a time: the rest waits in Node's
 * queue until the reader catches up, and `process.exit()` would drop it.
 */
export function flushStandardStreams(): Promise<void> {
  return Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => undefined);
}

// Writes complete in order, so the callback of an empty write comes after every
// earlier write's. A destroyed stream (the reader went away) has nothing to wait for.
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  return new Promise((resolve) => stream.write('', () => resolve()));
}
