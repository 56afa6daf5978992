"""Applies rtenv's launch context (JSON from the agent) to a Ray worker's ``RuntimeEnvContext``."""

import os
import shlex
from typing import Any, Dict, List, Mapping


def apply_launch_context(launch: Mapping[str, Any], context: Any) -> None:
    """
    ``envVars`` go to the worker as they are: Ray expands ``${VAR}`` at launch with the
    rules rtenv copied. ``pathPrepends`` go in front of the variable, after rtenv's own
    value for it, else what the worker inherits. The working directory becomes
    ``cd DIR &&``, and the environment's Python (behind rtenv's command prefix, if
    any) the worker's interpreter.
    """
    env_vars: Dict[str, str] = context.env_vars
    for name, value in launch.get("envVars", {}).items():
        env_vars[name] = value
    for name, directories in launch.get("pathPrepends", {}).items():
        if not directories:
            continue
        behind = env_vars.get(name)
        if behind is None and name in os.environ:
            # Left for Ray to expand against the worker's environment; an unset variable
            # gets nothing, so no empty entry (the current folder, for PYTHONPATH) is added.
            behind = "${" + name + "}"
        env_vars[name] = ":".join([*directories, behind] if behind else directories)
    working_directory = launch.get("workingDirectory")
    if working_directory:
        context.command_prefix += ["cd", shlex.quote(working_directory), "&&"]
    python = launch.get("pythonExecutable")
    prefix: List[str] = list(launch.get("commandPrefix", []))
    if python or prefix:
        # Ray puts py_executable in front of the worker's arguments unquoted: words may be joined.
        interpreter = python or context.py_executable
        context.py_executable = " ".join(shlex.quote(word) for word in [*prefix, interpreter])
