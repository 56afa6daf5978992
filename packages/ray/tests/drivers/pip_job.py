"""A driver that runs one task in a pip environment and prints what it saw (argv: requirement)."""

import json
import os
import sys

import ray

requirement = sys.argv[1]
if os.environ.get("RAY_ADDRESS"):
    ray.init(log_to_driver=False)
else:
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=os.environ["TEST_RAY_TEMP_DIR"], log_to_driver=False)


@ray.remote
def version():
    import importlib.metadata

    return importlib.metadata.version(requirement.split("==")[0])


print(json.dumps({"version": ray.get(version.options(runtime_env={"rtenv": {"pip": [requirement]}}).remote(), timeout=300)}))
ray.shutdown()
