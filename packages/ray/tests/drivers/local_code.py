"""A driver whose job runtime_env names local code inside rtenv; the hook packs it (argv: project, module, module file)."""

import json
import os
import sys

import ray

project, module_folder, module_file = sys.argv[1:4]
ray.init(
    num_cpus=2,
    include_dashboard=False,
    _temp_dir=os.environ["TEST_RAY_TEMP_DIR"],
    log_to_driver=False,
    runtime_env={"rtenv": {"working_dir": project, "py_modules": [module_folder, module_file], "excludes": ["*.log"]}},
)


@ray.remote
def task():
    import os

    import helpers
    import lone_module
    import main

    return [main.NAME, helpers.VALUE, lone_module.WORD, sorted(os.listdir("."))]


@ray.remote
class Holder:
    def read(self):
        import helpers
        import main

        return [main.NAME, helpers.VALUE]


holder = Holder.remote()
print(json.dumps({"task": ray.get(task.remote(), timeout=300), "actor": ray.get(holder.read.remote(), timeout=300), "runtime_env": ray.get_runtime_context().runtime_env}))
ray.shutdown()
