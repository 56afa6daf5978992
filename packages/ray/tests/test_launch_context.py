"""How rtenv's launch context lands in Ray's RuntimeEnvContext (no cluster needed)."""

import os

import pytest

from runtime_env_ray.field_conflicts import check_field_conflicts
from runtime_env_ray.launch_context import apply_launch_context


class FakeContext:
    """Ray's RuntimeEnvContext has exactly these attributes for what the plugin touches."""

    def __init__(self) -> None:
        self.env_vars = {}
        self.command_prefix = []
        self.py_executable = "/ray/venv/bin/python"


def test_variables_path_prepends_working_directory_and_python(monkeypatch):
    monkeypatch.setenv("PATH", "/usr/bin")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    context = FakeContext()
    context.env_vars["LD_LIBRARY_PATH"] = "/from/ray"
    apply_launch_context(
        {
            "envVars": {"MODE": "${HOME}/x"},
            "pathPrepends": {"PATH": ["/env/bin"], "PYTHONPATH": ["/code", "/lib"], "LD_LIBRARY_PATH": ["/env/lib"]},
            "workingDirectory": "/data/uris/with space",
            "pythonExecutable": "/env/bin/python",
            "commandPrefix": [],
        },
        context,
    )
    assert context.env_vars == {"MODE": "${HOME}/x", "PATH": "/env/bin:${PATH}", "PYTHONPATH": "/code:/lib", "LD_LIBRARY_PATH": "/env/lib:/from/ray"}
    assert context.command_prefix == ["cd", "'/data/uris/with space'", "&&"]
    assert context.py_executable == "/env/bin/python"


def test_command_prefix_goes_in_front_of_the_interpreter():
    context = FakeContext()
    apply_launch_context({"envVars": {}, "pathPrepends": {}, "commandPrefix": ["nice", "-n", "5"]}, context)
    assert context.py_executable == "nice -n 5 /ray/venv/bin/python"


@pytest.mark.parametrize(
    "runtime_env, message",
    [
        ({"pip": ["a"], "rtenv": {"pip": ["b"]}}, "rtenv.pip and runtime_env.pip both define the worker's Python interpreter"),
        ({"py_executable": "/x/python", "rtenv": {"conda": {"dependencies": []}}}, "rtenv.conda and runtime_env.py_executable"),
        ({"working_dir": ".", "rtenv": {"working_dir": "."}}, "both define the worker's working directory"),
        ({"rtenv": {"image_uri": "busybox"}}, 'use Ray\'s own "image_uri" field'),
        ({"rtenv": ["pip"]}, "must be a dict"),
    ],
)
def test_conflicts_are_refused_naming_both_fields(runtime_env, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        check_field_conflicts(runtime_env)


def test_ray_fields_without_a_counterpart_pass():
    check_field_conflicts({"pip": ["a"], "env_vars": {"A": "1"}, "working_dir": ".", "rtenv": {"env_vars": {"B": "2"}, "py_modules": ["x"]}})
    assert os.environ is not None


def test_a_conda_python_of_another_version_is_refused_with_the_fix(tmp_path):
    import sys

    from runtime_env_ray.errors import RtenvSetupError
    from runtime_env_ray.ray_packages import check_conda_python

    other = tmp_path / "python"
    other.write_text("#!/bin/sh\necho 3.6\n")
    other.chmod(0o755)
    with pytest.raises(RtenvSetupError, match=r'has Python 3\.6, but Ray on this node runs Python %d\.%d.*pin "python=%d\.%d"' % (sys.version_info[:2] * 2)):
        check_conda_python(str(other), "abc")
    check_conda_python(sys.executable, "abc")
