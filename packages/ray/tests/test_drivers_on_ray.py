"""Whole drivers in their own processes, each starting its own Ray cluster, as users run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import PLUGINS, agent_metric, short_temp_dir

DRIVERS = Path(__file__).parent / "drivers"


def run_driver(script: str, arguments, environment, tmp_path: Path) -> dict:
    temp_dir = short_temp_dir()
    result = subprocess.run(
        [sys.executable, str(DRIVERS / script), *map(str, arguments)],
        env={**os.environ, **environment, "RAY_RUNTIME_ENV_PLUGINS": PLUGINS, "TEST_RAY_TEMP_DIR": str(temp_dir)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr[-4000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_code_packed_by_the_hook_reaches_a_task_and_an_actor(tmp_path, rtenv_data, index_url):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "main.py").write_text('NAME = "from the working_dir"\n')
    (project / "debug.log").write_text("left out by excludes\n")
    module = tmp_path / "libs" / "helpers"
    module.mkdir(parents=True)
    (module / "__init__.py").write_text("VALUE = 42\n")
    module_file = tmp_path / "libs" / "lone_module.py"
    module_file.write_text('WORD = "one file"\n')
    environment = {"RAY_RUNTIME_ENV_HOOK": "runtime_env_ray.hook", "RTENV_DATA_DIR": str(rtenv_data), "PIP_INDEX_URL": index_url}
    seen = run_driver("local_code.py", [project, module, module_file], environment, tmp_path)
    assert seen["task"][:3] == ["from the working_dir", 42, "one file"]
    assert "main.py" in seen["task"][3] and "debug.log" not in seen["task"][3]
    assert seen["actor"] == ["from the working_dir", 42]
    # The job's runtime_env names content-addressed packages, not the driver's paths.
    document = seen["runtime_env"]["rtenv"]
    assert document["working_dir"].startswith("file://") and "/pkg_" in document["working_dir"]
    assert all(entry.startswith("file://") for entry in document["py_modules"])


def test_a_new_cluster_reuses_what_the_node_built(tmp_path, rtenv_data, index_url):
    environment = {"RTENV_DATA_DIR": str(rtenv_data), "PIP_INDEX_URL": index_url}
    assert run_driver("pip_job.py", ["appdirs==1.4.4"], environment, tmp_path) == {"version": "1.4.4"}
    creations = agent_metric(rtenv_data, "runtime_env_uri_creations_total")
    # Another driver, another Ray cluster: the same node agent, the environment already built.
    assert run_driver("pip_job.py", ["appdirs==1.4.4"], environment, tmp_path) == {"version": "1.4.4"}
    assert agent_metric(rtenv_data, "runtime_env_uri_creations_total") == creations
