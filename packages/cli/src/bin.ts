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

const args = process.argv.slice(2);
const { processIo } = await import('./cli-io.js');
const io = processIo();
// `rtenv run` on a recorded document loads one module file (built apart, see
// tsup.config.ts) instead of the command table and its chunks. The URL keeps the
// bundler from folding it into this file's chunks.
const recorded = args[0] === 'run' ? ((await import(siblingModule('run-recorded-document'))) as typeof import('./run-recorded-document.js')) : undefined;
const exitCode = (await recorded?.runRecordedDocument(args.slice(1), io)) ?? (await (await import('./main.js')).runCli(args, io, { recordedDocumentTried: recorded !== undefined }));
// Exit once the output is out, not when the event loop is empty: a lingering handle
// (a database, a timer) must not keep a finished command waiting.
process.exitCode = exitCode;
await flushStandardStreams();
process.exit(exitCode);

function siblingModule(name: string): string {
  return new URL(`./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
}
