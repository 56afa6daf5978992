"""``RtenvPlugin``: the ``rtenv`` runtime_env field, created by the node's rtenv agent."""

import asyncio
import hashlib
import json
import logging
import sys
import threading
from typing import Any, Dict, List, Optional, Tuple

from ray._private.runtime_env.plugin import RuntimeEnvPlugin

from runtime_env_ray.agent_client import AgentClient, JsonObject
from runtime_env_ray.agent_locator import locate_agent
from runtime_env_ray.errors import RtenvSetupError
from runtime_env_ray.field_conflicts import check_field_conflicts
from runtime_env_ray.launch_context import apply_launch_context
from runtime_env_ray.ray_packages import check_conda_python, ray_site_packages

URI_SCHEME = "rtenv://"
# Longer than any real creation waits between two progress events; the agent enforces the setup timeout.
EVENT_STREAM_TIMEOUT_SECONDS = 3600.0


def rtenv_document(runtime_env: Any) -> Optional[Any]:
    getter = getattr(runtime_env, "get", None)
    return getter("rtenv") if getter else None


def uri_of(document: Any) -> str:
    """One Ray URI per document and node interpreter: Ray's cache key and the owner of rtenv's reference."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(f"{canonical}\n{sys.executable}".encode("utf-8")).hexdigest()
    return f"{URI_SCHEME}{digest}"


def owner_of(uri: str) -> str:
    return f"ray-{uri[len(URI_SCHEME):]}"


class RtenvPlugin(RuntimeEnvPlugin):
    """
    Each Ray URI holds one reference in rtenv, owned by the URI: created in
    ``create``, released in ``delete_uri`` (Ray's cache eviction). From there rtenv's
    own garbage collection and budgets decide when the environment goes.
    """

    name = "rtenv"
    priority = 10

    def __init__(self) -> None:
        self._agent: Optional[AgentClient] = None
        self._environments: Dict[str, Tuple[str, JsonObject, int]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def validate(runtime_env_dict: dict) -> None:
        check_field_conflicts(runtime_env_dict)

    def get_uris(self, runtime_env: Any) -> List[str]:
        document = rtenv_document(runtime_env)
        return [] if document is None else [uri_of(document)]

    async def create(self, uri: Optional[str], runtime_env: Any, context: Any, logger: logging.Logger = logging.getLogger(__name__)) -> float:
        document = rtenv_document(runtime_env)
        if document is None or uri is None:
            return 0
        return await asyncio.get_running_loop().run_in_executor(None, self._create, uri, document, logger)

    def modify_context(self, uris: List[str], runtime_env: Any, context: Any, logger: logging.Logger = logging.getLogger(__name__)) -> None:
        document = rtenv_document(runtime_env)
        if document is None:
            return
        for uri in uris:
            known = self._environments.get(uri)
            launch = known[1] if known else self._ready(uri, document, logger)[1]
            apply_launch_context(launch, context)
            if "conda" in document:
                # After the environment's own paths: its packages win, Ray is found.
                current = context.env_vars.get("PYTHONPATH")
                context.env_vars["PYTHONPATH"] = ":".join([*([current] if current else []), *ray_site_packages()])

    def delete_uri(self, uri: str, logger: logging.Logger = logging.getLogger(__name__)) -> float:
        with self._lock:
            known = self._environments.pop(uri, None)
        if known is None:
            logger.info(f"rtenv: {uri} is not known to this process; nothing to release")
            return 0
        environment_id, _, size = known
        released = self._client(logger).release(environment_id, owner_of(uri))
        logger.info(f"rtenv: released {environment_id} ({'done' if released else 'it had no reference'}); rtenv's garbage collection decides when it goes")
        return size

    def _client(self, logger: logging.Logger) -> AgentClient:
        if self._agent is None or not self._agent.healthy():
            self._agent = locate_agent(logger.info)
        return self._agent

    def _create(self, uri: str, document: Any, logger: logging.Logger) -> int:
        client = self._client(logger)
        status, answer = client.create(document, owner_of(uri), wait=False)
        environment_id = answer["environment"]["id"]
        logger.info(f"rtenv: environment {environment_id} for {uri} ({'creating' if status == 202 else 'ready'})")
        if status == 202:
            self._follow(client, environment_id, logger)
        try:
            environment_id, launch = self._ready(uri, document, logger)
        finally:
            self._copy_setup_log(client, environment_id, logger)
        if isinstance(document, dict) and "conda" in document:
            check_conda_python(launch.get("pythonExecutable"), environment_id)
        view = client.view(environment_id)
        size = int(view.get("sizeBytes") or 0)
        with self._lock:
            self._environments[uri] = (environment_id, launch, size)
        return size

    def _ready(self, uri: str, document: Any, logger: logging.Logger) -> Tuple[str, JsonObject]:
        """The environment's launch context; a cached environment answers at once, a failed one raises rtenv's message."""
        _, answer = self._client(logger).create(document, owner_of(uri), wait=True, timeout_seconds=EVENT_STREAM_TIMEOUT_SECONDS)
        return answer["environment"]["id"], answer["context"]

    def _follow(self, client: AgentClient, environment_id: str, logger: logging.Logger) -> None:
        for event, data in client.events(environment_id, EVENT_STREAM_TIMEOUT_SECONDS):
            if event == "progress":
                logger.info("rtenv: " + _describe_progress(data))
            elif event == "state" and data.get("state") == "failed":
                error = data.get("error") or {}
                logger.error(f"rtenv: {environment_id} failed: {error.get('message', '')}")

    @staticmethod
    def _copy_setup_log(client: AgentClient, environment_id: str, logger: logging.Logger) -> None:
        """rtenv's setup log of the environment, line by line into Ray's runtime env setup log."""
        try:
            text = client.setup_log(environment_id)
        except Exception as error:  # the log is a courtesy; the creation's outcome stands
            logger.warning(f"rtenv: could not read the setup log of {environment_id}: {error}")
            return
        for line in text.splitlines():
            logger.info(f"rtenv log | {line}")


def _describe_progress(event: JsonObject) -> str:
    parts = [str(event.get("plugin", "")), str(event.get("phase", ""))]
    if event.get("message"):
        parts.append(str(event["message"]))
    done, total = event.get("bytesDone"), event.get("bytesTotal")
    if isinstance(done, (int, float)) and isinstance(total, (int, float)) and total > 0:
        parts.append(f"{done / 2**20:.1f}/{total / 2**20:.1f} MiB ({100 * done / total:.0f}%)")
    return " ".join(part for part in parts if part)


__all__ = ["RtenvPlugin", "RtenvSetupError", "uri_of"]
