import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateContext, ModifyContextContext, PluginLogger, ProgressUpdate, RunProcess } from '@runtime-env/core';
import { condaOptionsSchema, type CondaOptions } from '../../src/conda-options.js';

/**
 * Hook contexts for calling the plugin directly, before (and besides) the
 * engine: a real `runProcess` that spawns in its own process group and kills the
 * group on abort, a logger that records, and a progress list.
 */
export interface TestHookContexts {
  root: string;
  pluginDirectory: string;
  logLines: string[];
  progress: ProgressUpdate[];
  createContext(directory: string, options?: { signal?: AbortSignal; runtimeEnv?: Record<string, unknown> }): Omit<CreateContext<CondaOptions>, 'uri' | 'key'>;
  modifyContext(directories: Record<string, string>): Omit<ModifyContextContext<CondaOptions>, 'uris' | 'context'>;
  options: CondaOptions;
  remove(): Promise<void>;
}

export async function makeTestHookContexts(rawOptions: unknown = { engine: 'embedded' }): Promise<TestHookContexts> {
  const root = await mkdtemp(join(tmpdir(), 'plugin-conda-test-'));
  const pluginDirectory = join(root, 'plugins', 'conda');
  await mkdir(pluginDirectory, { recursive: true });
  const logLines: string[] = [];
  const progress: ProgressUpdate[] = [];
  const options = condaOptionsSchema.parse(rawOptions);
  const logger: PluginLogger = {
    debug: (message) => logLines.push(`debug ${message}`),
    info: (message) => logLines.push(`info ${message}`),
    warn: (message) => logLines.push(`warn ${message}`),
    error: (message) => logLines.push(`error ${message}`),
  };
  const base = { pluginDirectory, dataDirectory: root, logger, options };
  return {
    root,
    pluginDirectory,
    logLines,
    progress,
    options,
    remove: () => rm(root, { recursive: true, force: true }),
    createContext(directory, extra = {}) {
      const signal = extra.signal ?? new AbortController().signal;
      return {
        ...base,
        signal,
        directory,
        runtimeEnv: extra.runtimeEnv ?? {},
        progress: (update) => progress.push(update),
        runProcess: groupRunProcess(signal, logLines),
      };
    },
    modifyContext(directories) {
      return {
        ...base,
        signal: new AbortController().signal,
        runtimeEnv: {},
        directoryOf: (uri) => directories[uri] ?? '',
        detailsOf: () => undefined,
      };
    },
  };
}

function groupRunProcess(signal: AbortSignal, logLines: string[]): RunProcess {
  return (file, args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(file, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      const tail: string[] = [];
      const kill = () => child.pid && process.kill(-child.pid, 'SIGKILL');
      signal.addEventListener('abort', kill, { once: true });
      for (const [stream, name] of [
        [child.stdout, 'stdout'],
        [child.stderr, 'stderr'],
      ] as const) {
        let pending = '';
        stream.on('data', (chunk: Buffer) => {
          const lines = (pending + chunk.toString()).split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            logLines.push(`${name} ${line}`);
            tail.push(line);
            if (tail.length > 50) tail.shift();
            options.onLine?.(line, name);
          }
        });
      }
      child.stdin.end(options.input ?? '');
      child.on('error', reject);
      child.on('close', (exitCode, exitSignal) => {
        signal.removeEventListener('abort', kill);
        resolve({ exitCode, signal: exitSignal, outputTail: tail });
      });
    });
}
