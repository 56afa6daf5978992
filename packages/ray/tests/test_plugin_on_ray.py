"""The rtenv field on a real Ray 2.58 cluster."""

import pytest

from conftest import agent_metric, rtenv_ls


def test_two_versions_of_one_library_at_once(ray_cluster, rtenv_data):
    ray = ray_cluster

    @ray.remote
    def report():
        import os
        import sys

        import tabulate

        return tabulate.__version__, os.environ.get("WHICH"), sys.executable

    old = report.options(runtime_env={"rtenv": {"pip": ["tabulate==0.8.10"], "env_vars": {"WHICH": "old"}}}).remote()
    new = report.options(runtime_env={"rtenv": {"pip": ["tabulate==0.10.0"], "env_vars": {"WHICH": "new"}}}).remote()
    (old_version, old_which, old_python), (new_version, new_which, new_python) = ray.get([old, new], timeout=300)
    assert (old_version, old_which) == ("0.8.10", "old")
    assert (new_version, new_which) == ("0.10.0", "new")
    assert old_python != new_python
    assert str(rtenv_data) in old_python
    # The two creations raced to start the node's agent; exactly one started it.
    assert (rtenv_data / "agent.log").read_text().count("rtenv agent listening on") == 1
    # Both environments are rtenv's, each held by its Ray URI.
    owners = {reference["owner"] for environment in rtenv_ls(rtenv_data) for reference in environment["references"]}
    assert len([owner for owner in owners if owner.startswith("ray-")]) >= 2


def test_ray_fields_keep_working_beside_rtenv(ray_cluster):
    ray = ray_cluster

    @ray.remote
    def variables():
        import os

        return os.environ.get("FROM_RAY"), os.environ.get("FROM_RTENV")

    runtime_env = {"env_vars": {"FROM_RAY": "ray"}, "rtenv": {"env_vars": {"FROM_RTENV": "rtenv"}}}
    assert ray.get(variables.options(runtime_env=runtime_env).remote(), timeout=120) == ("ray", "rtenv")


def test_a_missing_package_fails_with_rtenv_message(ray_cluster, rtenv_data):
    ray = ray_cluster

    @ray.remote
    def never():
        return "ran"

    creations_before = agent_metric(rtenv_data, "runtime_env_uri_creations_total")
    with pytest.raises(ray.exceptions.RuntimeEnvSetupError) as raised:
        ray.get(never.options(runtime_env={"rtenv": {"pip": ["no-such-package-rtenv-test==1.0"]}}).remote(), timeout=300)
    message = str(raised.value)
    assert "rtenv:" in message
    assert "no-such-package-rtenv-test" in message
    assert "hint:" in message
    # Once: Ray may ask again, but rtenv replays the recorded failure instead of running pip again.
    assert agent_metric(rtenv_data, "runtime_env_uri_creations_total") - creations_before <= 1


@pytest.mark.parametrize(
    "document, path",
    [({"env_vars": {"COUNT": 1}}, "rtenv.env_vars.COUNT"), ({"env_varz": {"A": "1"}}, "rtenv.env_varz")],
)
def test_a_bad_value_names_its_field_path(ray_cluster, document, path):
    ray = ray_cluster

    @ray.remote
    def never():
        return "ran"

    with pytest.raises(ray.exceptions.RuntimeEnvSetupError) as raised:
        ray.get(never.options(runtime_env={"rtenv": document}).remote(), timeout=120)
    assert path in str(raised.value)


def test_a_real_conflict_with_ray_fields_is_refused(ray_cluster):
    ray = ray_cluster

    @ray.remote
    def never():
        return "ran"

    with pytest.raises(Exception) as raised:
        ray.get(never.options(runtime_env={"pip": ["tabulate"], "rtenv": {"pip": ["tabulate"]}}).remote(), timeout=120)
    assert "both define the worker's Python interpreter" in str(raised.value)


def test_a_conda_environment_from_the_embedded_engine(ray_cluster, conda_channel):
    ray = ray_cluster

    @ray.remote
    def inside():
        import os
        import sys

        with open(os.path.join(sys.prefix, "share", "greeting", "message.txt")) as message:
            return sys.prefix, os.environ.get("CONDA_PREFIX"), message.read().strip()

    runtime_env = {"rtenv": {"conda": {"channels": [conda_channel], "dependencies": ["python", "greet-py"]}}}
    prefix, conda_prefix, greeting = ray.get(inside.options(runtime_env=runtime_env).remote(), timeout=600)
    assert prefix == conda_prefix
    assert greeting == "hello from the runtime-env test channel"
