#!/usr/bin/env node
import module from 'node:module';
import { flushStandardStreams } from './flush-standard-streams.js';

// Node 22+ keeps compiled code on disk between runs, which shortens every start;
// Node 20 has no such cache and skips this. It must run before the CLI's modules
// load, hence the dynamic imports below.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `rtenv ls | head -1`: a reader that stops early is not an error of rtenv's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const { processIo } = await import('./cli-io.js');
const { runRtenv } = await import('./rtenv.js');
const exitCode = await runRtenv(process.argv.slice(2), processIo());
// Exit once the output is out, not when the event loop is empty: a lingering handle
// (a database, a timer) must not keep a finished command waiting.
process.exitCode = exitCode;
await flushStandardStreams();
process.exit(exitCode);
