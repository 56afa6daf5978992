"""Ray's own runtime_env fields against the ``rtenv`` field, in the same run on the same cluster.

Prints a table of medians and ratios (rtenv / Ray: below 1 is faster):
- pip, for each package: the first task in a new environment (cold: fresh caches on
  both sides), the first task of a new job on the cached environment, and the disk
  the environment takes;
- working_dir, a generated 100 MiB tree: the first task of a job that names it
  (packing/upload included), then a second job on the unchanged tree.

Each measure alternates Ray and rtenv round after round, so both see the same
moments of a shared machine. Run it through ``scripts/run-ray-bench.sh``.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PACKAGES = os.environ.get("BENCH_PACKAGES", "tabulate==0.10.0,requests==2.34.2").split(",")
TREE_MIB = int(os.environ.get("BENCH_TREE_MIB", "100"))
PLUGINS = json.dumps([{"class": "runtime_env_ray.RtenvPlugin"}])
HERE = Path(__file__).parent

FIRST_TASK = """
import json, os, sys, time
import ray
started = time.perf_counter()
ray.init(address=os.environ.get("BENCH_ADDRESS") or None, **({} if os.environ.get("BENCH_ADDRESS") else {"num_cpus": 2, "include_dashboard": False, "_temp_dir": os.environ["BENCH_TEMP"]}),
         runtime_env=json.loads(os.environ.get("BENCH_JOB_ENV", "null")), log_to_driver=False)
connected = time.perf_counter()
@ray.remote
def probe():
    import os, sys
    return sys.executable, os.getcwd()
task_env = json.loads(os.environ.get("BENCH_TASK_ENV", "null"))
remote = probe.options(runtime_env=task_env) if task_env else probe
python, cwd = ray.get(remote.remote(), timeout=1800)
print(json.dumps({"seconds": time.perf_counter() - started, "task_seconds": time.perf_counter() - connected, "python": python, "cwd": cwd}))
"""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def du_bytes(path: str) -> int:
    return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True, check=True).stdout.split()[0])


def driver(environment: Dict[str, str]) -> Dict:
    result = subprocess.run([sys.executable, "-c", FIRST_TASK], env={**os.environ, **environment}, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"driver failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Cluster:
    """A head node started with `ray start`, the rtenv plugin loaded, its own rtenv data directory."""

    def __init__(self, root: Path, name: str) -> None:
        self.temp = Path(tempfile.mkdtemp(prefix="rb", dir="/tmp"))
        self.rtenv_data = root / f"rtenv-{name}"
        self.env = {"RAY_RUNTIME_ENV_PLUGINS": PLUGINS, "RTENV_DATA_DIR": str(self.rtenv_data), "RAY_RUNTIME_ENV_HOOK": "runtime_env_ray.hook"}
        port = free_port()
        self.address = f"127.0.0.1:{port}"
        subprocess.run(
            [str(Path(sys.executable).parent / "ray"), "start", "--head", f"--port={port}", f"--temp-dir={self.temp}", "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats"],
            env={**os.environ, **self.env},
            check=True,
            capture_output=True,
        )

    def run(self, job_env=None, task_env=None) -> Dict:
        return driver({**self.env, "BENCH_ADDRESS": self.address, "BENCH_JOB_ENV": json.dumps(job_env), "BENCH_TASK_ENV": json.dumps(task_env)})

    def stop(self) -> None:
        # Only this cluster's processes: a global `ray stop` would stop other people's clusters.
        for line in subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout.splitlines()[1:]:
            pid, _, args = line.strip().partition(" ")
            if str(self.temp) in args:
                try:
                    os.kill(int(pid), 9)
                except ProcessLookupError:
                    pass
        stop_agent(self.rtenv_data)
        shutil.rmtree(self.temp, ignore_errors=True)


def stop_agent(data: Path) -> None:
    try:
        pid = json.loads((data / "agent.json").read_text())["pid"]
        os.kill(pid, 15)
        for _ in range(200):
            os.kill(pid, 0)
            time.sleep(0.05)
    except (OSError, ValueError, KeyError):
        pass


def generate_tree(root: Path, mebibytes: int) -> Path:
    tree = root / "tree"
    per_file = 100 * 1024
    for index in range(mebibytes * 1024 * 1024 // per_file):
        folder = tree / f"pkg{index // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"file{index}.py").write_bytes(os.urandom(per_file))
    (tree / "main.py").write_text("print('hello')\n")
    return tree


def median(values: List[float]) -> float:
    return statistics.median(values)


def interleaved(measures: Dict[str, Callable[[int], float]]) -> Dict[str, float]:
    samples: Dict[str, List[float]] = {name: [] for name in measures}
    for round_index in range(ROUNDS):
        for name, measure in measures.items():
            samples[name].append(measure(round_index))
    return {name: median(values) for name, values in samples.items()}


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="rtenv-ray-bench-"))
    rows: List[List[str]] = []
    try:
        for package in PACKAGES:
            disk: Dict[str, List[int]] = {"ray": [], "rtenv": []}

            def cold(kind: str) -> Callable[[int], float]:
                def measure(round_index: int) -> float:
                    cluster = Cluster(root, f"{kind}-{package}-{round_index}")
                    try:
                        # The rtenv agent is a node service, started before the job as Ray's own agent is.
                        cluster.run(task_env={"rtenv": {"env_vars": {"WARM": "1"}}} if kind == "rtenv" else None)
                        task_env = {"pip": [package]} if kind == "ray" else {"rtenv": {"pip": [package]}}
                        first = cluster.run(task_env=task_env)
                        environment = str(Path(first["python"]).parent.parent)
                        disk[kind].append(du_bytes(environment))
                        again = cluster.run(task_env=task_env)
                        cached_new_job.setdefault(kind, []).append(again["task_seconds"])
                        return first["task_seconds"]
                    finally:
                        cluster.stop()

                return measure

            cached_new_job: Dict[str, List[float]] = {}
            medians = interleaved({"ray": cold("ray"), "rtenv": cold("rtenv")})
            cached = {kind: median(values) for kind, values in cached_new_job.items()}
            disk_medians = {kind: median(values) for kind, values in disk.items()}
            rows.append([f"pip {package}: first task, cold", f"{medians['ray']:.2f} s", f"{medians['rtenv']:.2f} s", f"{medians['rtenv'] / medians['ray']:.2f}x ({medians['ray'] / medians['rtenv']:.1f}x faster)"])
            rows.append([f"pip {package}: new job, cached env", f"{cached['ray']:.2f} s", f"{cached['rtenv']:.2f} s", f"{cached['rtenv'] / cached['ray']:.2f}x"])
            rows.append([f"pip {package}: disk per environment", f"{disk_medians['ray'] / 2**20:.1f} MiB", f"{disk_medians['rtenv'] / 2**20:.2f} MiB", f"{disk_medians['rtenv'] / disk_medians['ray']:.3f}x"])

        tree = generate_tree(root, TREE_MIB)
        unchanged: Dict[str, List[float]] = {}

        def working_dir(kind: str) -> Callable[[int], float]:
            def measure(round_index: int) -> float:
                cluster = Cluster(root, f"wd-{kind}-{round_index}")
                try:
                    cluster.run(task_env={"rtenv": {"env_vars": {"WARM": "1"}}} if kind == "rtenv" else None)
                    job_env = {"working_dir": str(tree)} if kind == "ray" else {"rtenv": {"working_dir": str(tree)}}
                    first = cluster.run(job_env=job_env)
                    unchanged.setdefault(kind, []).append(cluster.run(job_env=job_env)["seconds"])
                    return first["seconds"]
                finally:
                    cluster.stop()

            return measure

        medians = interleaved({"ray": working_dir("ray"), "rtenv": working_dir("rtenv")})
        second = {kind: median(values) for kind, values in unchanged.items()}
        rows.append([f"working_dir {TREE_MIB} MiB: first job to first task", f"{medians['ray']:.2f} s", f"{medians['rtenv']:.2f} s", f"{medians['rtenv'] / medians['ray']:.2f}x"])
        rows.append([f"working_dir {TREE_MIB} MiB: second job, unchanged tree", f"{second['ray']:.2f} s", f"{second['rtenv']:.2f} s", f"{second['rtenv'] / second['ray']:.2f}x"])
    finally:
        shutil.rmtree(root, ignore_errors=True)

    header = ["measure", "Ray's own field", "rtenv field", "rtenv / Ray"]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(4)]
    print(f"Ray {__import__('ray').__version__}, {ROUNDS} rounds per measure (medians), interleaved")
    for row in [header, ["-" * width for width in widths], *rows]:
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")
    record_bench_figures(header, rows)


def record_bench_figures(header: List[str], rows: List[List[str]]) -> None:
    """With RTENV_BENCH_JSON set, appends each numeric cell as one JSON line, as
    tooling/bench-results.js does for the Node benchmarks (scripts/bench-compare.mjs reads them)."""
    target = os.environ.get("RTENV_BENCH_JSON")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as sink:
        for row in rows:
            for title, cell in zip(header[1:], row[1:]):
                found = re.match(r"\s*(-?[\d,]*\.?\d+)\s*([^\s(]*)", cell)
                if found:
                    figure = {"benchmark": "ray", "name": f"{row[0].strip()} / {title}", "value": float(found.group(1).replace(",", "")), "unit": found.group(2)}
                    sink.write(json.dumps(figure) + "\n")


if __name__ == "__main__":
    main()
