#!/usr/bin/env bash
# Ray's own runtime_env fields against the rtenv field, on the same clusters in the
# same run (bench/ray_vs_rtenv.py). Needs the CLI built: `pnpm --filter @runtime-env/cli... build`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
python=$(bash "$repo/scripts/ensure-ray.sh")
"$python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall "$here" >&2
export RTENV_COMMAND="node $repo/packages/cli/dist/bin.js"
# Both sides install from the same index: the one pip is configured with on this machine.
export PIP_INDEX_URL=${PIP_INDEX_URL:-$(python3 -m pip config list 2>/dev/null | sed -n "s/^\(global\|:env:\)\.\(index-url\|extra-index-url\)='\([^ ']*\).*/\3/p" | head -n 1)}
exec "$python" "$here/bench/ray_vs_rtenv.py"
