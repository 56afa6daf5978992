#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { runCli } from './main.js';

const exitCode = await runCli(process.argv.slice(2), processIo());
// Exit at once: writes to pipes and files are synchronous on Linux, and a lingering
// handle (a database, a timer) must not keep a finished command waiting.
process.exit(exitCode);
