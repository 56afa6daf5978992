import type { CliIo } from './cli-io.js';

/**
 * One rtenv invocation, the one entry of the binary: `rtenv run` and `rtenv pack`
 * try the fast path first (`fast-path/run-on-fast-path.ts`, `fast-path/pack-on-fast-path.ts`); anything else, and a run the
 * fast path leaves, goes to the full CLI (`runCli`). Returns the exit code; never throws.
 */
export async function runRtenv(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] === 'run') {
    const exitCode = await (await importFastPath()).runOnFastPath(args.slice(1), io);
    if (exitCode !== undefined) return exitCode;
  }
  if (args[0] === 'pack') {
    const exitCode = await (await importPackFastPath()).packOnFastPath(args.slice(1), io);
    if (exitCode !== undefined) return exitCode;
  }
  return (await import('./main.js')).runCli(args, io);
}

/**
 * The fast path is built as one file of its own, `dist/fast-path.js` (see
 * tsup.config.ts): on a cached run each module file costs about a millisecond, so
 * it shares no chunk with the command table. The URL keeps the bundler from
 * folding it into this file's chunks.
 */
function importFastPath(): Promise<typeof import('./fast-path/run-on-fast-path.js')> {
  const fromSources = import.meta.url.endsWith('.ts');
  const url = new URL(fromSources ? './fast-path/run-on-fast-path.ts' : './fast-path.js', import.meta.url);
  return import(url.href) as Promise<typeof import('./fast-path/run-on-fast-path.js')>;
}

/** `rtenv pack`'s fast path, one file of its own too (`dist/pack-fast-path.js`). */
function importPackFastPath(): Promise<typeof import('./fast-path/pack-on-fast-path.js')> {
  const fromSources = import.meta.url.endsWith('.ts');
  const url = new URL(fromSources ? './fast-path/pack-on-fast-path.ts' : './pack-fast-path.js', import.meta.url);
  return import(url.href) as Promise<typeof import('./fast-path/pack-on-fast-path.js')>;
}
