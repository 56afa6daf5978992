#!/usr/bin/env bash
# Sourced by the Ray tests and benchmark: the Ray 2.58 venv (made once per machine),
# this package installed into it (not editable, so the packaging is tested too), the
# built rtenv CLI as each node's agent, and the index pip is configured with here.
# Sets: here, repo, python, RTENV_COMMAND, RTENV_TEST_INDEX_URL.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
python=$(bash "$repo/scripts/ensure-ray.sh")
"$python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall "$here" >&2
export RTENV_COMMAND="node $repo/packages/cli/dist/bin.cjs"
export RTENV_TEST_INDEX_URL=${RTENV_TEST_INDEX_URL:-$(python3 -m pip config list 2>/dev/null | sed -n "s/^\(global\|:env:\)\.\(index-url\|extra-index-url\)='\([^ ']*\).*/\3/p" | head -n 1)}
