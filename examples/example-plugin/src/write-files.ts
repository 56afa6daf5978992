import { chmod, lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupFailure, type CreateContext } from '@runtime-env/plugin-api';
import type { FilesSpec } from './files-spec.js';

/** Writes the files, marks the executable ones, runs the commands; returns the bytes used. */
export async function writeFiles(spec: FilesSpec, ctx: CreateContext<unknown>): Promise<number> {
  const entries = Object.entries(spec.contents);
  for (const [index, [path, text]] of entries.entries()) {
    ctx.signal.throwIfAborted();
    const target = join(ctx.directory, path);
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, text, { signal: ctx.signal });
    ctx.progress({ phase: 'writing', message: `${path} (file ${index + 1} of ${entries.length})` });
  }
  for (const path of spec.executable) await chmod(join(ctx.directory, path), 0o755);
  for (const command of spec.run) await runCommand(command, ctx);
  return measureDirectory(ctx.directory);
}

async function runCommand([program, ...args]: string[], ctx: CreateContext<unknown>): Promise<void> {
  ctx.progress({ phase: 'running', message: program });
  // A small fixed environment: the build step must not depend on who happens to run the agent.
  const env = { PATH: `${join(ctx.directory, 'bin')}:/usr/local/bin:/usr/bin:/bin`, HOME: ctx.directory, FILES_DIR: ctx.directory };
  const result = await ctx.runProcess(program!, args, { cwd: ctx.directory, env });
  ctx.signal.throwIfAborted();
  if (result.exitCode !== 0) {
    throw SetupFailure.permanent(`command "${program}" exited with ${result.exitCode ?? result.signal}:\n${result.outputTail.join('\n')}`, {
      hint: 'fix the command in files.run; it runs in the environment directory',
    });
  }
}

/** Bytes of every file under `directory` (hardlinks once), which is what `du -b` reports. */
async function measureDirectory(directory: string, seen = new Set<number>()): Promise<number> {
  let total = 0;
  for (const name of await readdir(directory)) {
    const path = join(directory, name);
    const stats = await lstat(path);
    if (seen.has(stats.ino)) continue;
    seen.add(stats.ino);
    total += stats.isDirectory() ? await measureDirectory(path, seen) : stats.size;
  }
  return total;
}
