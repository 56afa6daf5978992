#!/usr/bin/env bash
# The Ray plugin's tests against real Ray 2.58: installs this package (not an
# editable copy: the packaging is tested too) into the Ray test environment and
# runs pytest. The built rtenv CLI is the node's agent (turbo builds it first).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
python=$(bash "$repo/scripts/ensure-ray.sh")
"$python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall "$here" >&2
export RTENV_COMMAND="node $repo/packages/cli/dist/bin.js"
# The index pip is configured with on this machine, for the packages the tests install.
export RTENV_TEST_INDEX_URL=${RTENV_TEST_INDEX_URL:-$(python3 -m pip config list 2>/dev/null | sed -n "s/^\(global\|:env:\)\.\(index-url\|extra-index-url\)='\([^ ']*\).*/\3/p" | head -n 1)}
cd "$here"
exec "$python" -m pytest -p no:cacheprovider -q tests "$@"
