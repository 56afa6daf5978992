import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Compiles one C source file with the machine's `cc` and returns the executable's bytes. */
export async function compileCProgram(source: string): Promise<Buffer> {
  const directory = await mkdtemp(join(tmpdir(), 'conda-channel-cc-'));
  try {
    await writeFile(join(directory, 'program.c'), source);
    try {
      execFileSync('cc', ['-O1', '-o', join(directory, 'program'), join(directory, 'program.c')], { stdio: 'pipe' });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? (error as Error).message;
      throw new Error(`cc could not compile the test program: ${stderr.trim()}; install a compiler with \`apt-get install -y gcc\``);
    }
    return await readFile(join(directory, 'program'));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
