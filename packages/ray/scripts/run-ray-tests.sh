#!/usr/bin/env bash
# The Ray plugin's tests against real Ray 2.58 (pytest, a real local cluster).
set -euo pipefail
source "$(dirname "$0")/ray-test-environment.sh"
cd "$here"
exec "$python" -m pytest -p no:cacheprovider -q tests "$@"
