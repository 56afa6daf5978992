#!/usr/bin/env bash
# A virtual environment with Ray 2.58 for the Ray plugin's tests and benchmark, made
# once per machine (about a minute) and reused while Ray's version matches. Ray comes
# from the Python package index pip is configured with on this machine.
# Prints the environment's python on stdout.
set -euo pipefail
ray_version=2.58.0
venv=${RTENV_RAY_VENV:-$HOME/.cache/runtime-env/ray-$ray_version}
python=$venv/bin/python

if [ -x "$python" ] && "$python" -c "import ray, pytest, wheel, sys; sys.exit(ray.__version__ != '$ray_version')" >/dev/null 2>&1; then
  echo "$python"
  exit 0
fi

# pip's default index is not reachable from these machines and is retried for tens of
# seconds a lookup: use the configured one as the main index.
index=$(python3 -m pip config list 2>/dev/null | sed -n "s/^\(global\|:env:\)\.\(index-url\|extra-index-url\)='\([^ ']*\).*/\3/p" | head -n 1)
echo "ensure-ray: making $venv with ray==$ray_version${index:+ from $index}" >&2
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv"
PIP_INDEX_URL=${PIP_INDEX_URL:-$index} "$python" -m pip install -q --disable-pip-version-check \
  "ray==$ray_version" aiohttp grpcio pydantic prometheus_client smart_open virtualenv requests pytest wheel "setuptools>=61" >&2
echo "$python"
