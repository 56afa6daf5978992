"""runtime-env for Ray: the ``rtenv`` runtime_env field, served by each node's rtenv agent.

Load the plugin on every node with
``RAY_RUNTIME_ENV_PLUGINS='[{"class": "runtime_env_ray.RtenvPlugin"}]'`` and, on the
driver, pack local paths with ``RAY_RUNTIME_ENV_HOOK=runtime_env_ray.hook``.
"""

from runtime_env_ray.errors import RtenvAgentError, RtenvSetupError

__all__ = ["RtenvPlugin", "RtenvAgentError", "RtenvSetupError", "hook"]
__version__ = "0.1.0"


def __getattr__(name: str):  # noqa: ANN202 - module attribute hook
    # Imported lazily: `hook` runs on drivers and must not import Ray's agent internals,
    # and the plugin class subclasses Ray's, which only the runtime env agent needs.
    if name == "RtenvPlugin":
        from runtime_env_ray.plugin import RtenvPlugin

        return RtenvPlugin
    if name == "hook":
        from runtime_env_ray.driver_hook import hook

        return hook
    raise AttributeError(name)
