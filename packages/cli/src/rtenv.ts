import { createRequire } from 'node:module';
import type { CliIo } from './cli-io.js';

/**
 * One rtenv invocation, the one entry of the binary: `rtenv run` and `rtenv pack`
 * try the fast path first (`fast-path/run-on-fast-path.ts`, `fast-path/pack-on-fast-path.ts`); anything else, and a run the
 * fast path leaves, goes to the full CLI (`runCli`); version and help are answered
 * before it loads (`version-and-help.ts`). Returns the exit code; never throws.
 */
export async function runRtenv(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] === 'run') {
    const exitCode = await (await loadFastPath()).runOnFastPath(args.slice(1), io);
    if (exitCode !== undefined) return exitCode;
  }
  if (args[0] === 'pack') {
    const exitCode = await (await loadPackFastPath()).packOnFastPath(args.slice(1), io);
    if (exitCode !== undefined) return exitCode;
  }
  // Checked before the full CLI loads: version and help need only the command table.
  if (args[0] === undefined || args[0].startsWith('-')) {
    const exitCode = (await importVersionAndHelp()).answerVersionOrHelp(args, io);
    if (exitCode !== undefined) return exitCode;
  }
  return (await importMain()).runCli(args, io);
}

const fromSources = import.meta.url.endsWith('.ts');

/**
 * Each fast path is built as one CommonJS file of its own (`dist/fast-path.cjs`,
 * `dist/pack-fast-path.cjs`; see tsup.config.ts), required rather than imported:
 * the binary is CommonJS too, so a cached run never sets up Node's ES module
 * loader (about 5 ms), and each further module file would cost it about a
 * millisecond. The computed paths keep the bundler from folding them in here.
 */
function loadOwnFastPath<Module>(source: string, built: string): Promise<Module> {
  if (fromSources) return import(new URL(source, import.meta.url).href) as Promise<Module>;
  return Promise.resolve(createRequire(import.meta.url)(built) as Module);
}

/** The ES modules the binary loads on demand (`dist/main.js`, `dist/version-and-help.js`: entries of their own). */
function importOwnFile<Module>(source: string, built: string): Promise<Module> {
  return import(new URL(fromSources ? source : built, import.meta.url).href) as Promise<Module>;
}

const loadFastPath = () => loadOwnFastPath<typeof import('./fast-path/run-on-fast-path.js')>('./fast-path/run-on-fast-path.ts', './fast-path.cjs');
const loadPackFastPath = () => loadOwnFastPath<typeof import('./fast-path/pack-on-fast-path.js')>('./fast-path/pack-on-fast-path.ts', './pack-fast-path.cjs');
const importVersionAndHelp = () => importOwnFile<typeof import('./version-and-help.js')>('./version-and-help.ts', './version-and-help.js');
const importMain = () => importOwnFile<typeof import('./main.js')>('./main.ts', './main.js');
