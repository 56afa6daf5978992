#!/usr/bin/env bash
# Debian packages the integration tests use, installed only when missing.
set -euo pipefail
needed=()
command -v git >/dev/null 2>&1 || needed+=(git)
command -v bzip2 >/dev/null 2>&1 || needed+=(bzip2)
[ -x /usr/lib/git-core/git-http-backend ] || needed+=(git)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || needed+=(python3-venv)
# The shells `rtenv completion` writes scripts for, each loaded and asked to complete
# in the e2e tests (about 1 MB each to download).
command -v zsh >/dev/null 2>&1 || needed+=(zsh)
command -v fish >/dev/null 2>&1 || needed+=(fish)
# The agent's dashboard is tested in a real browser (playwright-core drives /usr/bin/chromium),
# and deploy/'s Prometheus alert rules are checked with promtool (Debian's prometheus package).
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v promtool >/dev/null 2>&1 || needed+=(prometheus)
if [ ${#needed[@]} -gt 0 ]; then
  echo "ensure-system-packages: installing ${needed[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${needed[@]}" >/dev/null
fi
