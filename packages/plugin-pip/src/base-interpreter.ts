import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { SetupFailure } from '@runtime-env/plugin-api';

/** What identifies the base interpreter in a URI, and how to run its pip. */
export interface BaseInterpreter {
  /** The real executable, after PATH lookup, shims and symbolic links. */
  executable: string;
  /** `3.11.7`. */
  version: string;
  /** `cpython-311-x86_64-linux-gnu`: what wheels built for it must match. */
  tag: string;
  /** pip's version, or null when the interpreter has no pip. */
  pipVersion: string | null;
  /** pip's `__pip-runner__.py` (pip >= 22.3), which runs this pip inside another interpreter. */
  pipRunner: string | null;
  /**
   * When the configured Python is a virtual environment (a node's Ray install, say):
   * its prefix and its site-packages folders. Environments are made from the real
   * interpreter, and see these folders too, as Ray's own pip environments see the
   * environment Ray runs in.
   */
  baseEnvironment?: { prefix: string; sitePackages: string[] } | null;
}

const probe = `
import json, os, sys, sysconfig
info = {"executable": os.path.realpath(sys.executable), "version": "%d.%d.%d" % sys.version_info[:3],
        "tag": "%s-%s-%s" % (sys.implementation.name, sysconfig.get_config_var("py_version_nodot"), sysconfig.get_platform()),
        "pipVersion": None, "pipRunner": None, "baseEnvironment": None}
if sys.prefix != sys.base_prefix:
    paths = sysconfig.get_paths()
    info["baseEnvironment"] = {"prefix": os.path.realpath(sys.prefix),
                               "sitePackages": list(dict.fromkeys(os.path.realpath(paths[key]) for key in ("purelib", "platlib")))}
try:
    import pip
    info["pipVersion"] = pip.__version__
    runner = os.path.join(os.path.dirname(pip.__file__), "__pip-runner__.py")
    info["pipRunner"] = runner if os.path.exists(runner) else None
except ImportError:
    pass
print(json.dumps(info))
`;

const remembered = new Map<string, { interpreter: BaseInterpreter; modifiedMs: number }>();

function runProbe(python: string, signal: AbortSignal): Promise<BaseInterpreter> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', probe], { signal, timeout: 30_000, env: { ...process.env, PYTHONPATH: '' } }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          SetupFailure.permanent(
            missing
              ? `the base interpreter "${python}" was not found on PATH`
              : `the base interpreter "${python}" could not be run: ${stderr.trim().split('\n').pop() ?? error.message}`,
            { code: 'pip_interpreter_unusable', hint: 'set the pip plugin option "python" to a working Python 3 interpreter in rtenv.config.json' },
          ),
        );
        return;
      }
      resolve(JSON.parse(stdout) as BaseInterpreter);
    });
  });
}

/**
 * Resolves the configured interpreter once per process; later calls only check
 * that the executable file did not change (an upgrade in place gives a new URI).
 */
export async function resolveBaseInterpreter(python: string, signal: AbortSignal): Promise<BaseInterpreter> {
  const known = remembered.get(python);
  if (known) {
    const current = await stat(known.interpreter.executable).catch(() => undefined);
    if (current && current.mtimeMs === known.modifiedMs) return known.interpreter;
  }
  const interpreter = await runProbe(python, signal);
  const { mtimeMs } = await stat(interpreter.executable);
  remembered.set(python, { interpreter, modifiedMs: mtimeMs });
  return interpreter;
}
