"""Ray's own packages, for a worker whose Python is a conda environment's."""

import subprocess
import sys
import sysconfig
from typing import List, Optional, Tuple

from runtime_env_ray.errors import RtenvSetupError


def ray_site_packages() -> List[str]:
    """Where this process (the node's runtime env agent, so Ray's Python) finds Ray and its dependencies."""
    paths = sysconfig.get_paths()
    return list(dict.fromkeys([paths["purelib"], paths["platlib"]]))


def python_version_of(executable: str) -> Optional[Tuple[int, int]]:
    result = subprocess.run([executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        return None
    major, minor = result.stdout.strip().split(".")
    return int(major), int(minor)


def check_conda_python(executable: Optional[str], environment_id: str) -> None:
    """
    A conda environment has its own Python, and a Ray worker must import Ray in it:
    Ray's packages are put behind the environment's on PYTHONPATH, which only works
    with the same Python minor version as Ray's. Refused otherwise, saying how to fix it.
    """
    if not executable:
        raise RtenvSetupError(f"rtenv: the conda environment {environment_id} has no python; add \"python\" to rtenv.conda.dependencies", "rtenv_conda_without_python", environment_id)
    wanted = sys.version_info[:2]
    found = python_version_of(executable)
    if found != wanted:
        shown = "an unknown version" if found is None else "%d.%d" % found
        raise RtenvSetupError(
            f"rtenv: the conda environment {environment_id} has Python {shown}, but Ray on this node runs Python %d.%d, so its workers could not import Ray there; "
            f"pin \"python=%d.%d\" in rtenv.conda.dependencies" % (wanted + wanted),
            "rtenv_conda_python_mismatch",
            environment_id,
        )
