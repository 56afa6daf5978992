"""A small client of the rtenv agent's HTTP API (``/v1``), standard library only."""

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterator, Optional, Tuple

from runtime_env_ray.errors import RtenvAgentError, describe_agent_error

JsonObject = Dict[str, Any]


class AgentClient:
    """Talks to one agent. Calls block; the plugin runs them in a thread when Ray awaits."""

    def __init__(self, url: str, token: Optional[str] = None, timeout_seconds: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self._timeout = timeout_seconds

    def healthy(self) -> bool:
        try:
            status, _ = self._request("GET", "/healthz", timeout=2.0)
            return status == 200
        except RtenvAgentError:
            return False

    def create(self, document: Any, owner: str, wait: bool, timeout_seconds: Optional[float] = None) -> Tuple[int, JsonObject]:
        """``POST /v1/envs``: 200 with the context when ready, 202 while creating (``wait=False``)."""
        body = {"runtimeEnv": document, "owner": owner, "wait": wait}
        return self._checked("POST", "/v1/envs", body, timeout=timeout_seconds)

    def view(self, environment_id: str) -> JsonObject:
        return self._checked("GET", f"/v1/envs/{_segment(environment_id)}")[1]

    def setup_log(self, environment_id: str) -> str:
        status, raw = self._request("GET", f"/v1/envs/{_segment(environment_id)}/log")
        return raw.decode("utf-8", "replace") if status == 200 else ""

    def release(self, environment_id: str, owner: str) -> bool:
        status, raw = self._request("DELETE", f"/v1/envs/{_segment(environment_id)}/references/{_segment(owner)}")
        if status == 404:
            return False
        if status >= 400:
            raise describe_agent_error(_json(raw), status)
        return bool(_json(raw).get("released", False))

    def events(self, environment_id: str, timeout_seconds: float) -> Iterator[Tuple[str, JsonObject]]:
        """Server-Sent Events of a creation: ``("progress", event)``... then ``("state", ...)``."""
        request = self._build("GET", f"/v1/envs/{_segment(environment_id)}/events", None)
        try:
            with urllib.request.urlopen(request, timeout=timeout_seconds) as response:
                event, data = "", []
                for raw_line in response:
                    line = raw_line.decode("utf-8", "replace").rstrip("\r\n")
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:"):
                        data.append(line[5:].strip())
                    elif line == "" and event:
                        yield event, json.loads("\n".join(data) or "{}")
                        if event == "state":
                            return
                        event, data = "", []
        except urllib.error.HTTPError as error:
            raise describe_agent_error(_json(error.read()), error.code) from None
        except (urllib.error.URLError, OSError) as error:
            raise RtenvAgentError(f"lost the rtenv agent at {self.url} while following {environment_id}: {error}") from error

    def _checked(self, method: str, path: str, body: Optional[JsonObject] = None, timeout: Optional[float] = None) -> Tuple[int, JsonObject]:
        status, raw = self._request(method, path, body, timeout)
        parsed = _json(raw)
        if status >= 400:
            raise describe_agent_error(parsed, status)
        return status, parsed

    def _build(self, method: str, path: str, body: Optional[JsonObject]) -> urllib.request.Request:
        headers = {"accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["content-type"] = "application/json"
        if self._token:
            headers["authorization"] = f"Bearer {self._token}"
        return urllib.request.Request(self.url + path, data=data, method=method, headers=headers)

    def _request(self, method: str, path: str, body: Optional[JsonObject] = None, timeout: Optional[float] = None) -> Tuple[int, bytes]:
        request = self._build(method, path, body)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self._timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (urllib.error.URLError, OSError) as error:
            raise RtenvAgentError(f"cannot reach the rtenv agent at {self.url}: {error}") from error


def _segment(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _json(raw: bytes) -> JsonObject:
    try:
        parsed = json.loads(raw.decode("utf-8") or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
