"""The driver's local pip and conda files, read where they are: on the driver.

A worker's node resolves nothing against the driver's folder, and the agent refuses
a relative path. So, as Ray does for its own ``pip`` and ``conda`` fields, the hook
reads a requirements file or an environment YAML on the driver and sends its
content; what is left naming a local path (``-r``/``-c`` includes, ``./dist/x.whl``,
``-e ../lib``, ``name @ file:./x``) is made absolute against the folder it was
written relative to.
"""

import os
import pathlib
import re
from typing import Any, Dict

import yaml  # a dependency of Ray itself

_INCLUDE = re.compile(r"^(?:(-r|-c)\s*|(--requirement|--constraint)(?:\s*=\s*|\s+))(\S.*)$")
_EDITABLE = re.compile(r"^(-e|--editable)(?:\s*=\s*|\s+)(\S.*)$")
_LOCAL_PATH = re.compile(r"^\.{1,2}/")
_DIRECT_REFERENCE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?)\s*@\s*file:(?!/)(\S+?)(\s*(?:;.*)?)$")
_VARIABLE = re.compile(r"\$\{?[A-Za-z_]")


def resolve_local_files(document: Dict[str, Any], base: str) -> Dict[str, Any]:
    """The ``rtenv`` document with its pip and conda files read and its local paths absolute against ``base``."""
    resolved = dict(document)
    pip = resolved.get("pip")
    if isinstance(pip, (str, list)):
        resolved["pip"] = _requirements(pip, base)
    elif isinstance(pip, dict) and isinstance(pip.get("packages"), (str, list)):
        resolved["pip"] = {**pip, "packages": _requirements(pip["packages"], base)}
    conda = resolved.get("conda")
    if isinstance(conda, str) and conda.endswith((".yaml", ".yml")):
        resolved["conda"] = _environment_file(conda, base)
    return resolved


def _requirements(value: Any, base: str) -> Any:
    if isinstance(value, list):
        return [_absolute_line(line, base) if isinstance(line, str) else line for line in value]
    path = _absolute(value, base)
    try:
        with open(path, encoding="utf-8") as file:
            lines = [_strip_comment(line) for line in file.read().splitlines()]
    except OSError as error:
        raise ValueError(f"runtime_env.rtenv.pip: cannot read the requirements file {value!r} (resolved to {path}) on the driver: {error.strerror}") from error
    folder = os.path.dirname(path)
    return [_absolute_line(line, folder) for line in lines if line]


def _environment_file(value: str, base: str) -> Any:
    path = _absolute(value, base)
    try:
        with open(path, encoding="utf-8") as file:
            return yaml.safe_load(file)
    except OSError as error:
        raise ValueError(f"runtime_env.rtenv.conda: cannot read the environment file {value!r} (resolved to {path}) on the driver: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise ValueError(f"runtime_env.rtenv.conda: {path} is not valid YAML: {error}") from error


def _absolute_line(line: str, base: str) -> str:
    """One requirement line with a relative local path in it made absolute; anything else unchanged."""
    text = line.strip()
    include = _INCLUDE.match(text)
    if include:
        option = "-c" if (include.group(1) or include.group(2)) in ("-c", "--constraint") else "-r"
        target = include.group(3).strip()
        return f"{option} {target}" if _VARIABLE.search(target) else f"{option} {_absolute(target, base)}"
    editable = _EDITABLE.match(text)
    if editable and _LOCAL_PATH.match(editable.group(2)):
        return f"-e {_absolute(editable.group(2), base)}"
    if _LOCAL_PATH.match(text):
        return _absolute(text, base)
    reference = _DIRECT_REFERENCE.match(text)
    if reference:
        return f"{reference.group(1).rstrip()} @ {pathlib.Path(_absolute(reference.group(2), base)).as_uri()}{reference.group(3)}"
    return line


def _absolute(path: str, base: str) -> str:
    return os.path.normpath(os.path.join(base, os.path.expanduser(path)))


def _strip_comment(line: str) -> str:
    """pip starts a comment at ``#`` after whitespace (or at the start of a line)."""
    return re.sub(r"(^|\s)#.*$", "", line).strip()
