#!/usr/bin/env bash
# Ray's own runtime_env fields against the rtenv field, on the same clusters in the
# same run (bench/ray_vs_rtenv.py). Needs the CLI built: `pnpm --filter @runtime-env/cli... build`.
set -euo pipefail
source "$(dirname "$0")/ray-test-environment.sh"
# Both sides install from the same index: the one pip is configured with on this machine.
export PIP_INDEX_URL=${PIP_INDEX_URL:-$RTENV_TEST_INDEX_URL}
exec "$python" "$here/bench/ray_vs_rtenv.py"
