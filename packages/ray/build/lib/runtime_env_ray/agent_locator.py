"""Finds the node's rtenv agent, and starts it on first use: exactly one per node and data directory."""

import fcntl
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, List, Optional

from runtime_env_ray.agent_client import AgentClient
from runtime_env_ray.errors import RtenvAgentError

START_TIMEOUT_SECONDS = 60.0


def data_directory() -> Path:
    """rtenv's own rule: ``RTENV_DATA_DIR``, else ``$XDG_STATE_HOME/rtenv``, else ``~/.local/state/rtenv``."""
    explicit = os.environ.get("RTENV_DATA_DIR")
    if explicit:
        return Path(explicit).resolve()
    state_home = os.environ.get("XDG_STATE_HOME")
    base = Path(state_home) if state_home and os.path.isabs(state_home) else Path.home() / ".local" / "state"
    return base / "rtenv"


def agent_token() -> Optional[str]:
    token = os.environ.get("RTENV_AGENT_TOKEN")
    if token:
        return token.strip()
    token_file = os.environ.get("RTENV_AGENT_TOKEN_FILE")
    if token_file:
        return Path(token_file).read_text(encoding="utf-8").strip()
    return None


def locate_agent(log: Callable[[str], None] = lambda line: None) -> AgentClient:
    """``RTENV_AGENT_URL`` when set; else the agent recorded in the data directory, started if none answers."""
    url = os.environ.get("RTENV_AGENT_URL")
    if url:
        return AgentClient(url, agent_token())
    directory = data_directory()
    running = _recorded_agent(directory)
    if running:
        return running
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Ray starts many processes at once; the lock makes exactly one of them start the agent.
    with open(directory / "agent-start.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            running = _recorded_agent(directory)
            if running:
                return running
            return _start_agent(directory, log)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _recorded_agent(directory: Path) -> Optional[AgentClient]:
    try:
        address = json.loads((directory / "agent.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    client = AgentClient(str(address.get("url", "")), agent_token())
    return client if address.get("url") and client.healthy() else None


def rtenv_command() -> List[str]:
    return shlex.split(os.environ.get("RTENV_COMMAND", "rtenv"))


def node_config(directory: Path) -> Path:
    """
    The config the started agent runs with: ``RTENV_CONFIG`` when set, else one that
    bases pip environments on this node's Python (Ray's virtual environment, so a
    worker in a pip environment still imports Ray).
    """
    explicit = os.environ.get("RTENV_CONFIG")
    if explicit:
        return Path(explicit).resolve()
    config = directory / "ray-node.config.json"
    wanted = {"pluginOptions": {"pip": {"python": sys.executable}}}
    try:
        if json.loads(config.read_text(encoding="utf-8")) == wanted:
            return config
    except (OSError, ValueError):
        pass
    temporary = config.with_name(f"{config.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, config)
    return config


def _start_agent(directory: Path, log: Callable[[str], None]) -> AgentClient:
    command = rtenv_command() + ["agent", "--host", "127.0.0.1", "--port", "0", "--data-dir", str(directory), "--config", str(node_config(directory))]
    log(f"starting the node's rtenv agent: {shlex.join(command)}")
    log_path = directory / "agent.log"
    with open(log_path, "ab") as output:
        try:
            # Its own session: the agent outlives this Ray session, so the next one reuses what it built.
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=output, start_new_session=True, close_fds=True)
        except OSError as error:
            raise RtenvAgentError(
                f"cannot start the rtenv agent with {shlex.join(command)}: {error}; put rtenv on PATH, set RTENV_COMMAND, or run an agent and set RTENV_AGENT_URL"
            ) from error
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        running = _recorded_agent(directory)
        if running:
            return running
        if process.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
            raise RtenvAgentError(f"the rtenv agent exited with {process.returncode} before answering; last lines of {log_path}:\n" + "\n".join(tail))
        time.sleep(0.05)
    raise RtenvAgentError(f"the rtenv agent did not answer within {START_TIMEOUT_SECONDS:.0f} s; see {log_path}")
