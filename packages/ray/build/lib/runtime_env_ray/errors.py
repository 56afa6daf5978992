"""Errors raised to Ray; their messages are what a Ray user reads in a RuntimeEnvSetupError."""

from typing import Any, Dict, List, Optional


class RtenvAgentError(RuntimeError):
    """The node's rtenv agent could not be reached or started."""


class RtenvSetupError(RuntimeError):
    """The agent refused the document or failed to create the environment; the message is rtenv's."""

    def __init__(self, message: str, code: str, environment_id: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.environment_id = environment_id


def describe_agent_error(body: Dict[str, Any], status: int) -> RtenvSetupError:
    """rtenv's error answer as one message: what, where (field paths under ``rtenv``), what to do."""
    error = body.get("error", {}) if isinstance(body, dict) else {}
    code = str(error.get("code", f"http_{status}"))
    lines: List[str] = [f"rtenv: {error.get('message', f'the agent answered {status}')}"]
    for issue in error.get("issues", []) or []:
        path = str(issue.get("path", "")).lstrip(".")
        where = f"rtenv.{path}" if path else "rtenv"
        plugin = f" (plugin {issue['plugin']})" if issue.get("plugin") else ""
        lines.append(f"  - {where}: {issue.get('message', '')}{plugin}")
    if error.get("plugin") or error.get("hook"):
        lines.append(f"  where: plugin {error.get('plugin', '?')}, hook {error.get('hook', '?')}")
    if error.get("hint"):
        lines.append(f"  hint: {error['hint']}")
    environment_id = error.get("environmentId")
    if environment_id:
        lines.append(f"  setup log: rtenv logs {environment_id}")
    return RtenvSetupError("\n".join(lines), code, environment_id)
