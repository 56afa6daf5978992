#!/usr/bin/env node
import module from 'node:module';
import { processIo } from './cli-io.js';
import { flushStandardStreams } from './flush-standard-streams.js';
import { runRtenv } from './rtenv.js';

// Built as CommonJS (`dist/bin.cjs`, see tsup.config.ts): an ES module as the entry
// makes Node set up its ES module loader first, about 5 ms of every command, and a
// cached `rtenv run` then loads only CommonJS files (its fast path is `fast-path.cjs`).
// Hence no top-level await here.

// Node 22+ keeps compiled code on disk between runs, which shortens every start;
// Node 20 has no such cache and skips this. It covers what loads after it: every
// command, the command table and the fast path are loaded later by `runRtenv`.
// The router and the io above are small and built into the binary's file.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `rtenv ls | head -1`: a reader that stops early is not an error of rtenv's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

void runRtenv(process.argv.slice(2), processIo()).then(async (exitCode) => {
  // Exit once the output is out, not when the event loop is empty: a lingering handle
  // (a database, a timer) must not keep a finished command waiting.
  process.exitCode = exitCode;
  await flushStandardStreams();
  process.exit(exitCode);
});
