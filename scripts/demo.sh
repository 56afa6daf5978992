#!/usr/bin/env bash
# `bash scripts/demo.sh`: builds the rtenv CLI, then runs Python in runtime
# environments made from env_vars and from a local working_dir + py_modules (packed
# into the embedded local store), printing each step as it goes.
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

step "Building the packages the demo needs: @runtime-env/plugin-api, @runtime-env/core, @runtime-env/safe-extract, @runtime-env/plugin-env-vars, @runtime-env/plugin-working-dir, @runtime-env/cli"
build_log=$(mktemp /tmp/rtenv-demo-build-XXXXXX.log)
for package in plugin-api core safe-extract plugin-env-vars plugin-working-dir cli; do
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
rtenv() { node packages/cli/dist/bin.cjs "$@"; }

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

step "Code travels too: a local working_dir and py_modules, packed into the local store (no server needed)"
project="$data_directory/my_project"
mkdir -p "$project/shared_utils" "$project/data"
printf 'def main():\n    import shared_utils\n    print("  running in", __import__("os").getcwd().split("/")[-1], "->", shared_utils.greet())\n' > "$project/app.py"
printf 'def greet():\n    return "hello from py_modules"\n' > "$project/shared_utils/__init__.py"
head -c 1048576 /dev/zero > "$project/data/big.bin"
code_env="{\"working_dir\": \"$project\", \"py_modules\": [\"$project/shared_utils\"], \"excludes\": [\"data/\"]}"
show "rtenv pack $project --excludes 'data/' --list"
rtenv pack "$project" --excludes 'data/' --list | sed 's/^/  /'
show "rtenv run --runtime-env '$code_env' -- python3 -c 'import app; app.main()'"
rtenv run --runtime-env "$code_env" -- python3 -c 'import app; app.main()'

step "An invalid document is refused with exit code 2 and a message that says what to fix"
show "rtenv run --runtime-env '{\"env_vars\": {\"PORT\": 8080}}' -- python3 -c pass"
set +e
rtenv run --runtime-env '{"env_vars": {"PORT": 8080}}' -- python3 -c pass
echo "  (exit code $?)"
set -e

step "Done. Try it yourself: node packages/cli/dist/bin.cjs --help"
