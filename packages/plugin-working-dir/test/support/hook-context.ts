import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreateContext, ModifyContextContext, NormalizedRuntimeEnv, PluginLogger, RunProcess, SpecHookContext } from '@runtime-env/plugin-api';
import { parseWorkingDirOptions, type WorkingDirOptions } from '../../src/index.js';

export interface LoggedLine {
  level: string;
  message: string;
  fields?: unknown;
}

/** A node's folders for one test: data, plugin and per-URI directories under a fresh temporary folder. */
export async function makeNode(rawOptions: Record<string, unknown> = {}) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rtenv-wd-'));
  const dataDirectory = path.join(root, 'data');
  const pluginDirectory = path.join(dataDirectory, 'plugins', 'working_dir');
  await fs.mkdir(pluginDirectory, { recursive: true });
  const options: WorkingDirOptions = parseWorkingDirOptions(rawOptions);
  const lines: LoggedLine[] = [];
  const logger: PluginLogger = Object.fromEntries(
    (['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (message: string, fields?: unknown) => lines.push({ level, message, fields })]),
  ) as unknown as PluginLogger;
  const base = { dataDirectory, pluginDirectory, logger, options, signal: new AbortController().signal };
  const uriDirectories = new Map<string, string>();
  let createdDirectories = 0;

  const runProcess: RunProcess = (file, args, processOptions = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(file, args, { cwd: processOptions.cwd, env: processOptions.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      const tail: string[] = [];
      const collect = (chunk: Buffer) => tail.push(...chunk.toString().split('\n').filter(Boolean));
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', reject);
      child.on('close', (exitCode, signal) => resolve({ exitCode, signal, outputTail: tail.slice(-30) }));
    });

  return {
    root,
    dataDirectory,
    pluginDirectory,
    options,
    lines,
    hashContext(runtimeEnv: NormalizedRuntimeEnv = {}, signal?: AbortSignal): SpecHookContext<WorkingDirOptions> {
      return { ...base, runtimeEnv, signal: signal ?? base.signal };
    },
    /** The context `create` gets for the unit `key` (its URI is the key itself here: the hooks treat URIs as opaque). */
    async createContext(key: string, runtimeEnv: NormalizedRuntimeEnv = {}, signal?: AbortSignal): Promise<CreateContext<WorkingDirOptions>> {
      const uri = key;
      // A counter, not the map's size: creating one URI twice must not reuse another URI's folder.
      createdDirectories += 1;
      const directory = path.join(dataDirectory, 'uris', String(createdDirectories));
      await fs.mkdir(directory, { recursive: true });
      uriDirectories.set(uri, directory);
      return { ...base, signal: signal ?? base.signal, uri, key, directory, runtimeEnv, progress: () => undefined, runProcess };
    },
    modifyContextContext(runtimeEnv: NormalizedRuntimeEnv = {}): Omit<ModifyContextContext<WorkingDirOptions>, 'uris' | 'context'> {
      return {
        ...base,
        runtimeEnv,
        directoryOf: (uri) => uriDirectories.get(uri) ?? assertNever(uri),
        detailsOf: () => undefined,
      };
    },
    async cleanup() {
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

function assertNever(uri: string): never {
  throw new Error(`no directory for ${uri}`);
}

/** Writes files given as `{ 'a/b.txt': 'content' }`; a value of `{ mode, content }` sets the mode. */
export async function writeTree(root: string, files: Record<string, string | { content: string; mode: number }>): Promise<void> {
  for (const [relativePath, value] of Object.entries(files)) {
    const target = path.join(root, relativePath);
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (typeof value === 'string') await fs.writeFile(target, value);
    else await fs.writeFile(target, value.content, { mode: value.mode });
  }
}
