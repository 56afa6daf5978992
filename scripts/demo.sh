#!/usr/bin/env bash
# `pnpm demo`: builds the rtenv CLI, then runs a Python one-liner in a runtime
# environment made from an env_vars runtime_env, printing each step as it goes.
# Works on a fresh clone of a fresh machine (it bootstraps pnpm and the workspace); leaves nothing behind (its data
# directory is a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

if [ -t 1 ]; then bold=$'\033[1m'; dim=$'\033[2m'; plain=$'\033[0m'; else bold=''; dim=''; plain=''; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }
show() { printf '%s$ %s%s\n' "$dim" "$*" "$plain"; }

step "Preparing the workspace (the pinned pnpm and the dependencies; skipped when already there)"
RTENV_SKIP_BUILD=1 bash scripts/bootstrap.sh

step "Building the packages the demo needs: @runtime-env/core, @runtime-env/plugin-env-vars, @runtime-env/cli"
build_log=$(mktemp /tmp/rtenv-demo-build-XXXXXX.log)
for package in core plugin-env-vars cli; do
  if ! pnpm --filter "@runtime-env/$package" run build >>"$build_log" 2>&1; then
    cat "$build_log" >&2
    echo "demo: building @runtime-env/$package failed (log above)" >&2
    exit 1
  fi
done
rm -f "$build_log"

data_directory=$(mktemp -d /tmp/rtenv-demo-XXXXXX)
trap 'rm -rf "$data_directory"' EXIT
export RTENV_DATA_DIR="$data_directory"
rtenv() { node packages/cli/dist/bin.js "$@"; }

runtime_env='{"env_vars": {"GREETING": "hello from a runtime env", "WHERE": "${HOME} (expanded at launch)", "API_TOKEN": "not-a-real-secret"}}'
python_code='import os; [print(f"  {name} = {os.environ.get(name)!r}") for name in ("GREETING", "WHERE")]; print("  API_TOKEN is set:", "API_TOKEN" in os.environ)'

step "The runtime_env document (Ray's format), checked and normalized by rtenv validate"
show "rtenv validate --runtime-env '$runtime_env'"
rtenv validate --runtime-env "$runtime_env"

step "First run: rtenv creates the environment in $data_directory, then runs Python in it"
show "rtenv run --runtime-env '<the document>' -- python3 -c '<print what it sees>'"
rtenv run --runtime-env "$runtime_env" -- python3 -c "$python_code"

step "Second run: the same document maps to the same cached environment"
rtenv run --runtime-env "$runtime_env" -- python3 -c "$python_code"

step "The environment's identity, and the environments in the data directory"
show "rtenv hash --runtime-env '<the document>'"
rtenv hash --runtime-env "$runtime_env"
show "rtenv ls"
rtenv ls

step "An invalid document is refused with exit code 2 and a message that says what to fix"
show "rtenv run --runtime-env '{\"env_vars\": {\"PORT\": 8080}}' -- python3 -c pass"
set +e
rtenv run --runtime-env '{"env_vars": {"PORT": 8080}}' -- python3 -c pass
echo "  (exit code $?)"
set -e

step "Done. Try it yourself: node packages/cli/dist/bin.js --help"
