"""Two Ray nodes on one machine, each with its own rtenv data directory and agent."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import PLUGINS, short_temp_dir, stop_agent

DRIVERS = Path(__file__).parent / "drivers"
RAY = str(Path(sys.executable).parent / "ray")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_cluster(temp_dir: Path) -> None:
    """Ends this cluster's processes only (a global `ray stop` would end other people's clusters)."""
    listing = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout.splitlines()[1:]
    pids = [int(line.split(None, 1)[0]) for line in listing if str(temp_dir) in line and int(line.split(None, 1)[0]) != os.getpid()]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_each_node_builds_its_own_copy_and_the_hook_packed_code_reaches_both(tmp_path, index_url):
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.txt").write_text("packed once by the driver")
    temp_dir = short_temp_dir()
    node_a, node_b, driver_data = tmp_path / "rtenv-a", tmp_path / "rtenv-b", tmp_path / "rtenv-driver"
    port = free_port()
    base = {**os.environ, "RAY_RUNTIME_ENV_PLUGINS": PLUGINS, "PIP_INDEX_URL": index_url}
    try:
        subprocess.run(
            [RAY, "start", "--head", f"--port={port}", f"--temp-dir={temp_dir}", "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats", '--resources={"node_a": 1}'],
            env={**base, "RTENV_DATA_DIR": str(node_a)},
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            [RAY, "start", f"--address=127.0.0.1:{port}", "--num-cpus=2", "--disable-usage-stats", '--resources={"node_b": 1}'],
            env={**base, "RTENV_DATA_DIR": str(node_b)},
            check=True,
            capture_output=True,
            timeout=120,
        )
        result = subprocess.run(
            [sys.executable, str(DRIVERS / "two_nodes.py"), f"127.0.0.1:{port}", str(project)],
            env={**base, "RTENV_DATA_DIR": str(driver_data), "RAY_RUNTIME_ENV_HOOK": "runtime_env_ray.hook"},
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, result.stderr[-4000:]
        seen = json.loads(result.stdout.strip().splitlines()[-1])
        # The driver packed the code into its file:// store, which both nodes read.
        assert seen["working_dir"].startswith(f"file://{driver_data}/packages/pkg_")
        for node, data in (("node_a", node_a), ("node_b", node_b)):
            assert seen[node]["notes"] == "packed once by the driver"
            assert seen[node]["tabulate"] == "0.8.10"
            # Each node's own agent built its own copy, in its own data directory.
            assert seen[node]["python"].startswith(str(data)), (node, seen[node]["python"])
            assert seen[node]["cwd"].startswith(str(data)), (node, seen[node]["cwd"])
        assert (node_a / "agent.json").exists() and (node_b / "agent.json").exists()
    finally:
        stop_cluster(temp_dir)
        for data in (node_a, node_b):
            stop_agent(data)
    listing = subprocess.run(["ps", "-ww", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(temp_dir) not in listing, "a process of the cluster outlived the test"
