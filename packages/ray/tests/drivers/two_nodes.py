"""A driver on a two-node cluster: one task pinned to each node, with local code and a pip package (argv: address, project)."""

import json
import sys

import ray

address, project = sys.argv[1:3]
ray.init(address=address, log_to_driver=False, runtime_env={"rtenv": {"working_dir": project, "pip": ["tabulate==0.8.10"]}})


@ray.remote
def where():
    import os
    import sys

    import tabulate

    with open("notes.txt") as notes:
        return {"python": sys.executable, "notes": notes.read(), "tabulate": tabulate.__version__, "cwd": os.getcwd()}


first = where.options(resources={"node_a": 0.01}).remote()
second = where.options(resources={"node_b": 0.01}).remote()
print(json.dumps({"node_a": ray.get(first, timeout=600), "node_b": ray.get(second, timeout=600), "working_dir": ray.get_runtime_context().runtime_env["rtenv"]["working_dir"]}))
ray.shutdown()
