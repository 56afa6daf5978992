"""Ray's URI cache evicting an rtenv URI releases rtenv's reference (delete_uri)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import PLUGINS, rtenv_ls, short_temp_dir, stop_agent
from test_two_nodes import RAY, free_port, stop_cluster

DRIVERS = Path(__file__).parent / "drivers"


def ray_owners(data: Path) -> list:
    return [reference["owner"] for environment in rtenv_ls(data) for reference in environment["references"] if reference["owner"].startswith("ray-")]


def test_an_evicted_uri_releases_the_reference_and_rtenv_keeps_the_environment(tmp_path, index_url):
    temp_dir = short_temp_dir()
    data = tmp_path / "rtenv-node"
    port = free_port()
    # A cache of 0 bytes: Ray evicts an rtenv URI as soon as no job uses it.
    node_env = {**os.environ, "RAY_RUNTIME_ENV_PLUGINS": PLUGINS, "PIP_INDEX_URL": index_url, "RTENV_DATA_DIR": str(data), "RAY_RUNTIME_ENV_RTENV_CACHE_SIZE_GB": "0"}
    try:
        subprocess.run([RAY, "start", "--head", f"--port={port}", f"--temp-dir={temp_dir}", "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats"], env=node_env, check=True, capture_output=True, timeout=120)
        for requirement in ("appdirs==1.4.4", "tabulate==0.8.10"):
            result = subprocess.run(
                [sys.executable, str(DRIVERS / "pip_job.py"), requirement],
                env={**node_env, "RAY_ADDRESS": f"127.0.0.1:{port}", "TEST_RAY_TEMP_DIR": str(temp_dir)},
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert result.returncode == 0, result.stderr[-3000:]
        # The first job's environment is no longer used by any job: Ray evicts its URI, the plugin
        # releases the reference. The environment itself stays for rtenv's own GC and budgets.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(ray_owners(data)) > 1:
            time.sleep(1)
        environments = rtenv_ls(data)
        assert len(environments) == 2
        assert len(ray_owners(data)) <= 1, json.dumps(environments)
    finally:
        stop_cluster(temp_dir)
        stop_agent(data)
