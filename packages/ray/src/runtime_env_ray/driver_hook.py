"""``RAY_RUNTIME_ENV_HOOK=runtime_env_ray.hook``: packs the driver's local code inside the ``rtenv`` field.

Ray calls the hook on the driver with the job's runtime_env (``ray.init`` and job
submission). Each local ``working_dir`` and ``py_modules`` path inside ``rtenv`` is
packed with ``rtenv pack`` into the configured store (the data directory's
``file://`` store by default; an ``s3://`` store, set in rtenv's config, for a
cluster) and replaced by its content-addressed URI, so the workers of every node
fetch the same bytes. The pip and conda files it names are read on the driver, as
Ray reads its own (see ``local_files``).
"""

import json
import os
import subprocess
from typing import Any, Dict, List, Optional

from runtime_env_ray.agent_locator import rtenv_command
from runtime_env_ray.local_files import resolve_local_files

# "working_dir:" is rtenv's own URI of a working_dir package (working_dir:<package>@<version>/<key>).
REMOTE_PREFIXES = ("file://", "s3://", "gs://", "http://", "https://", "git+", "working_dir:")


def hook(runtime_env: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    if not runtime_env or not isinstance(runtime_env.get("rtenv"), dict):
        return runtime_env
    document = resolve_local_files(runtime_env["rtenv"], os.getcwd())
    excludes = [str(pattern) for pattern in document.get("excludes", []) or []]
    working_dir = document.get("working_dir")
    if isinstance(working_dir, str) and _is_local(working_dir):
        document["working_dir"] = pack(working_dir, excludes, "working_dir")
    modules = document.get("py_modules")
    if isinstance(modules, list):
        document["py_modules"] = [
            pack(entry, excludes, "py_modules") if isinstance(entry, str) and _is_local(entry) and not entry.endswith(".whl") else entry for entry in modules
        ]
    if document.get("working_dir") != working_dir or document.get("py_modules") != modules:
        # Packed with them: the workers get the package as it was packed.
        document.pop("excludes", None)
    return {**runtime_env, "rtenv": document}


def _is_local(value: str) -> bool:
    return value != "" and not value.startswith(REMOTE_PREFIXES)


def pack(path: str, excludes: List[str], field: str) -> str:
    """``rtenv pack PATH --for FIELD`` with the driver's rtenv config; the URI it prints."""
    absolute = os.path.abspath(os.path.expanduser(path))
    command = rtenv_command() + ["pack", absolute, "--for", field, "--json"] + [argument for pattern in excludes for argument in ("--excludes", pattern)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise ValueError(f"runtime_env.rtenv: packing {path} with `{' '.join(command)}` failed (exit {result.returncode}):\n{result.stderr.strip()}")
    return str(json.loads(result.stdout)["uri"])
