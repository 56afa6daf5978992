#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this):
# bootstrap, system components the integration tests need, then typecheck, unit
# tests, and integration tests against real components.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bash scripts/bootstrap.sh || exit 1
export TURBO_TELEMETRY_DISABLED=1
[ -f /usr/include/node/node.h ] && export npm_config_nodedir="${npm_config_nodedir:-/usr}"

bash scripts/ensure-system-packages.sh || exit 1
bash scripts/ensure-docker.sh || exit 1

status=0
log=$(mktemp /tmp/rtenv-test-XXXXXX.log)
run_step() {
  local name=$1; shift
  echo "=== $name" >&2
  if ! "$@" 2>&1 | tee -a "$log"; then echo "=== $name FAILED" >&2; status=1; fi
}

# One formatter and linter for the whole repo (biome.jsonc); `pnpm format` fixes what it reports.
run_step "format and lint (Biome)" pnpm exec biome ci --error-on-warnings --colors=off .
run_step "typecheck and lint" pnpm exec turbo run typecheck lint --output-logs=errors-only --continue
run_step "unit tests" pnpm exec turbo run test --continue
run_step "integration tests" pnpm exec turbo run test:integration --concurrency=1 --continue
# Real Ray 2.58 (a venv made once per machine by scripts/ensure-ray.sh), after the rest so it has the machine to itself.
run_step "ray tests" pnpm exec turbo run test:ray --concurrency=1 --continue

node scripts/summarize-test-output.mjs "$log"
echo "=== test suite finished in $(( $(date +%s) - started )) s, status $status" >&2
exit $status
