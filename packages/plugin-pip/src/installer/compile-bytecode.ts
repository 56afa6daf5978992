import { execFile } from 'node:child_process';

// What pip does for each installed `.py` file: `compileall.compile_file(path, force=True, quiet=True)`.
const compileScript = `
import compileall, importlib.util, os, sys, warnings
warnings.filterwarnings("ignore")
for line in sys.stdin:
    path = line.rstrip("\\n")
    if path and compileall.compile_file(path, force=True, quiet=2):
        pyc = importlib.util.cache_from_source(path)
        if os.path.exists(pyc):
            print(pyc)
`;

/**
 * Compiles the given `.py` files with `python` (the environment's interpreter
 * version: `.pyc` files are that interpreter's) and returns the `.pyc` files
 * written. A file that does not compile is skipped, as pip skips it.
 */
export function compileBytecode(python: string, files: readonly string[], env: Readonly<Record<string, string>>, signal: AbortSignal): Promise<string[]> {
  if (files.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = execFile(
      python,
      // -S: compileall needs no site-packages, and skipping their .pth files saves part of a start on the warm path.
      ['-S', '-c', compileScript],
      { env: { ...env, PYTHONDONTWRITEBYTECODE: '' }, signal, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`compiling bytecode with ${python} failed: ${stderr.trim().split('\n').slice(-3).join(' | ') || error.message}`));
        else resolve(stdout.split('\n').filter((line) => line.length > 0));
      },
    );
    child.stdin?.end(`${files.join('\n')}\n`);
  });
}
