#!/usr/bin/env node
import module from 'node:module';

// Node 22+ keeps compiled code on disk between runs, which shortens every start;
// Node 20 has no such cache and skips this. It must run before the CLI's modules
// load, hence the dynamic imports below.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `rtenv ls | head -1`: a reader that stops early is not an error of rtenv's.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const { processIo } = await import('./cli-io.js');
const { runCli } = await import('./main.js');
const exitCode = await runCli(process.argv.slice(2), processIo());
// Exit at once: writes to pipes and files are synchronous on Linux, and a lingering
// handle (a database, a timer) must not keep a finished command waiting.
process.exit(exitCode);
