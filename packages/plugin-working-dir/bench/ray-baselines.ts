import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rayDefaultExcludes } from '../src/index.js';

/** A Python with `ray==2.58.0` (a throwaway venv outside the repository), or undefined to leave Ray's rows out. */
export const rayPython = process.env.BENCH_RAY_PYTHON && existsSync(process.env.BENCH_RAY_PYTHON) ? process.env.BENCH_RAY_PYTHON : undefined;

const excludes = JSON.stringify([...rayDefaultExcludes]);

const packagingScript = `
import time, sys, tempfile, pathlib
from ray._private.runtime_env.packaging import get_uri_for_directory, create_package
excludes = ${excludes}
t0 = time.perf_counter(); get_uri_for_directory(sys.argv[1], True, excludes=excludes); t1 = time.perf_counter()
create_package(sys.argv[1], pathlib.Path(tempfile.mkdtemp()) / "p.zip", True, excludes=excludes); t2 = time.perf_counter()
print((t2 - t0) * 1000)`;

// From ray.init (Ray already imported) until a task running in the working_dir sees a file: Ray's cold path.
const runScript = `
import time, sys, os
import ray
t0 = time.perf_counter()
ray.init(runtime_env={"working_dir": sys.argv[1], "excludes": ${excludes}}, include_dashboard=False, num_cpus=1, log_to_driver=False)
@ray.remote
def probe(relative_path):
    return os.path.exists(relative_path)
assert ray.get(probe.remote(sys.argv[2]))
t1 = time.perf_counter()
ray.shutdown()
print((t1 - t0) * 1000)`;

/** Ray's `get_uri_for_directory` + `create_package` (hash + zip) on the tree, in milliseconds. */
export function rayHashAndZip(python: string, tree: string): number {
  return Number(execFileSync(python, ['-c', packagingScript, tree], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
}

/** `ray.init` with the tree as working_dir, until a first task sees `probeFile` (relative to the tree). */
export function rayInitToFirstTask(python: string, tree: string, probeFile: string): number {
  const output = execFileSync(python, ['-c', runScript, tree, probeFile], {
    encoding: 'utf8',
    env: { ...process.env, RAY_USAGE_STATS_ENABLED: '0' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(output.trim().split('\n').at(-1));
}
