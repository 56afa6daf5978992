import { execFile } from 'node:child_process';

// What pip does for each installed `.py` file: `compileall.compile_file(path, force=True, quiet=True)`.
// The paths come on stdin, so the interpreter can be started before they are known.
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

/** An interpreter started to compile `.py` files, waiting for their paths. */
export interface BytecodeCompiler {
  /** Compiles `files` (called once) and resolves with the `.pyc` files written; a file that does not compile is skipped, as pip skips it. */
  compile(files: readonly string[]): Promise<string[]>;
  /** Stops the interpreter when nothing is to be compiled after all (the wheel was refused, or a step before failed). */
  cancel(): void;
}

/**
 * Starts `python` (the environment's interpreter version: `.pyc` files are that
 * interpreter's) reading paths to compile from its stdin. Started while the
 * wheel is still being unpacked, its start-up (tens of milliseconds, the larger
 * part of compiling a small distribution) is off the critical path of a warm
 * creation.
 */
export function startBytecodeCompiler(python: string, env: Readonly<Record<string, string>>, signal: AbortSignal): BytecodeCompiler {
  let finished!: (pycs: string[]) => void;
  let failed!: (error: Error) => void;
  const done = new Promise<string[]>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  // Observed by `compile`; a cancelled compiler's failure concerns nobody.
  done.catch(() => {});
  const child = execFile(
    python,
    // -S: compileall needs no site-packages, and skipping their .pth files saves part of a start on the warm path.
    ['-S', '-c', compileScript],
    { env: { ...env, PYTHONDONTWRITEBYTECODE: '' }, signal, maxBuffer: 256 * 1024 * 1024 },
    (error, stdout, stderr) => {
      if (error) failed(new Error(`compiling bytecode with ${python} failed: ${stderr.trim().split('\n').slice(-3).join(' | ') || error.message}`));
      else finished(stdout.split('\n').filter((line) => line.length > 0));
    },
  );
  // An interpreter that died before reading (EPIPE) is reported by the callback above, not as an unhandled stream error.
  child.stdin?.on('error', () => {});
  return {
    compile(files) {
      child.stdin?.end(files.length > 0 ? `${files.join('\n')}\n` : '');
      return done;
    },
    cancel() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
