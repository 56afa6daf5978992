"""A real local Ray cluster with the rtenv plugin loaded, and the node's rtenv agent it starts."""

import json
import os
import shutil
import tempfile
import signal
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

PLUGINS = json.dumps([{"class": "runtime_env_ray.RtenvPlugin"}])


def short_temp_dir() -> Path:
    """A Ray temp dir under /tmp: Ray's socket paths must stay under 108 bytes, which pytest's own folders exceed."""
    directory = Path(tempfile.mkdtemp(prefix="rt", dir="/tmp"))
    _made.append(directory)
    return directory


_made: list = []


@pytest.fixture(scope="session", autouse=True)
def remove_short_temp_dirs() -> Iterator[None]:
    yield
    for directory in _made:
        shutil.rmtree(directory, ignore_errors=True)


def stop_agent(data_directory: Path) -> None:
    """Stops the agent the plugin started for this data directory, and waits until it is gone."""
    try:
        pid = json.loads((data_directory / "agent.json").read_text())["pid"]
    except (OSError, ValueError, KeyError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def index_url() -> str:
    url = os.environ.get("RTENV_TEST_INDEX_URL")
    if not url:
        pytest.fail("RTENV_TEST_INDEX_URL is not set: run the tests through scripts/run-ray-tests.sh")
    return url


@pytest.fixture(scope="session")
def rtenv_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("rtenv-data")
    yield directory
    stop_agent(directory)


@pytest.fixture(scope="session")
def ray_cluster(rtenv_data: Path, index_url: str) -> Iterator[object]:
    """A cluster started by the driver, as `ray.init()` does: the node's agent inherits these variables."""
    import ray

    previous = dict(os.environ)
    os.environ.update({"RAY_RUNTIME_ENV_PLUGINS": PLUGINS, "RTENV_DATA_DIR": str(rtenv_data), "PIP_INDEX_URL": index_url})
    ray.init(num_cpus=4, include_dashboard=False, _temp_dir=str(short_temp_dir()), log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()
        os.environ.clear()
        os.environ.update(previous)


def agent_metric(rtenv_data: Path, name: str) -> float:
    """A counter of the node's agent, read from its /metrics (summed over labels)."""
    import urllib.request

    url = json.loads((rtenv_data / "agent.json").read_text())["url"]
    total = 0.0
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(name):
                total += float(line.rsplit(" ", 1)[1])
    return total


def rtenv_ls(rtenv_data: Path) -> list:
    command = os.environ["RTENV_COMMAND"].split() + ["ls", "--json", "--data-dir", str(rtenv_data)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


@pytest.fixture(scope="session")
def conda_channel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test kit's sample conda channel, built and served on loopback by Node."""
    channel = subprocess.Popen(
        ["node", str(Path(__file__).parent / "support" / "serve-conda-channel.mjs"), str(tmp_path_factory.mktemp("channel"))],
        cwd=Path(__file__).parent.parent,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = channel.stdout.readline()
        if not line:
            pytest.fail("the conda channel server exited before it answered")
        yield json.loads(line)["url"]
    finally:
        channel.stdin.close()
        try:
            channel.wait(timeout=30)
        except subprocess.TimeoutExpired:
            channel.kill()
