"""Where the ``rtenv`` field and Ray's own fields would both decide the same thing."""

from typing import Any, Mapping

RAY_INTERPRETER_FIELDS = ("pip", "uv", "conda", "py_executable", "image_uri", "container")
RTENV_INTERPRETER_FIELDS = ("pip", "conda")
RTENV_LAUNCHER_FIELDS = ("image_uri", "container")


def check_field_conflicts(runtime_env: Mapping[str, Any]) -> None:
    """Raises ``ValueError`` naming both fields; Ray's fields without a counterpart in ``rtenv`` keep working."""
    document = runtime_env.get("rtenv")
    if document is None:
        return
    if not isinstance(document, Mapping):
        raise ValueError(f"runtime_env.rtenv must be a dict (a runtime-env document), got {type(document).__name__}")
    for field in RTENV_LAUNCHER_FIELDS:
        if field in document:
            raise ValueError(
                f"runtime_env.rtenv.{field} is not supported inside rtenv on Ray: Ray starts the worker process itself; "
                f'use Ray\'s own "{field}" field next to "rtenv" instead'
            )
    ours = [field for field in RTENV_INTERPRETER_FIELDS if field in document]
    theirs = [field for field in RAY_INTERPRETER_FIELDS if runtime_env.get(field) not in (None, "", [], {})]
    if ours and theirs:
        raise ValueError(
            f"runtime_env.rtenv.{ours[0]} and runtime_env.{theirs[0]} both define the worker's Python interpreter; keep one of them"
        )
    if "working_dir" in document and runtime_env.get("working_dir"):
        raise ValueError("runtime_env.rtenv.working_dir and runtime_env.working_dir both define the worker's working directory; keep one of them")
