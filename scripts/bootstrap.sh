#!/usr/bin/env bash
# Makes a fresh clone ready: the pinned pnpm, the workspace's dependencies, and a build.
# Safe to run again; each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

export TURBO_TELEMETRY_DISABLED=1
# better-sqlite3 builds from source with node-gyp; point it at Node's installed headers
# instead of letting it download them (this machine reaches only the npm registry).
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

wanted_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$wanted_pnpm" ]; then
  echo "bootstrap: installing pnpm@$wanted_pnpm" >&2
  npm install -g "pnpm@$wanted_pnpm" >/dev/null
fi

echo "bootstrap: pnpm install" >&2
pnpm install --frozen-lockfile >/tmp/rtenv-pnpm-install.log 2>&1 || { cat /tmp/rtenv-pnpm-install.log >&2; exit 1; }

if [ "${RTENV_SKIP_BUILD:-}" != 1 ]; then
  echo "bootstrap: building packages" >&2
  pnpm exec turbo run build --output-logs=errors-only >&2
fi
