import type { CliIo } from './cli-io.js';

/**
 * One rtenv invocation, the one entry of the binary: `rtenv run` and `rtenv pack`
 * try the fast path first (`fast-path/run-on-fast-path.ts`, `fast-path/pack-on-fast-path.ts`); anything else, and a run the
 * fast path leaves, goes to the full CLI (`runCli`); version and help are answered
 * before it loads (`version-and-help.ts`). Returns the exit code; never throws.
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
  // Checked before the full CLI loads: version and help need only the command table.
  if (args[0] === undefined || args[0].startsWith('-')) {
    const exitCode = (await import('./version-and-help.js')).answerVersionOrHelp(args, io);
    if (exitCode !== undefined) return exitCode;
  }
  return (await import('./main.js')).runCli(args, io);
}

/**
 * Each fast path is built as one file of its own (`dist/fast-path.js`,
 * `dist/pack-fast-path.js`; see tsup.config.ts): on a cached run each module file
 * costs about a millisecond, so it shares no chunk with the command table. The URL
 * keeps the bundler from folding it into this file's chunks.
 */
function importOwnFile<Module>(source: string, built: string): Promise<Module> {
  const fromSources = import.meta.url.endsWith('.ts');
  return import(new URL(fromSources ? source : built, import.meta.url).href) as Promise<Module>;
}

const importFastPath = () => importOwnFile<typeof import('./fast-path/run-on-fast-path.js')>('./fast-path/run-on-fast-path.ts', './fast-path.js');
const importPackFastPath = () => importOwnFile<typeof import('./fast-path/pack-on-fast-path.js')>('./fast-path/pack-on-fast-path.ts', './pack-fast-path.js');
