#!/usr/bin/env bash
# Makes sure a Docker Engine answers on this machine, for the container plugin's
# integration tests and CI. Idempotent: every step is skipped when already done.
#   1. installs Debian's docker.io and busybox-static when missing;
#   2. starts dockerd in the background when `docker info` does not answer;
#   3. waits until `docker info` works.
# Log: /tmp/runtime-env-ensure-docker.log (dockerd's own log: /tmp/runtime-env-dockerd.log).
set -euo pipefail

log_file=/tmp/runtime-env-ensure-docker.log
dockerd_log=/tmp/runtime-env-dockerd.log
wait_seconds=${ENSURE_DOCKER_WAIT_SECONDS:-60}

log() { printf '%s ensure-docker: %s\n' "$(date -u +%FT%TZ)" "$*" | tee -a "$log_file" >&2; }

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# Several test files may call this at once; one apt-get at a time.
exec 9>/tmp/runtime-env-ensure-docker.lock
flock 9

missing_packages=()
command -v dockerd >/dev/null 2>&1 || missing_packages+=(docker.io)
[ -x /bin/busybox ] || command -v busybox >/dev/null 2>&1 || missing_packages+=(busybox-static)
if [ "${#missing_packages[@]}" -gt 0 ]; then
  log "installing ${missing_packages[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  if ! run_as_root apt-get install -y --no-install-recommends "${missing_packages[@]}" >>"$log_file" 2>&1; then
    log "apt-get install failed; refreshing the package lists and retrying"
    run_as_root apt-get update >>"$log_file" 2>&1
    run_as_root apt-get install -y --no-install-recommends "${missing_packages[@]}" >>"$log_file" 2>&1
  fi
fi

if docker info >/dev/null 2>&1; then
  log "a Docker Engine already answers"
  exit 0
fi

if [ -n "${DOCKER_HOST:-}" ]; then
  # Someone pointed us at a specific engine; starting a local one would hide that it is down.
  log "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local dockerd"
  exit 1
fi

log "starting dockerd in the background (log: $dockerd_log)"
# Without systemd (containers, CI) cgroupfs is the cgroup driver that works.
# `9>&-`: the daemon must not inherit the lock, or it would hold it for as long as it runs
# and every later call of this script would wait forever.
run_as_root nohup dockerd --exec-opt native.cgroupdriver=cgroupfs >>"$dockerd_log" 2>&1 </dev/null 9>&- &
disown || true

for _ in $(seq 1 "$((wait_seconds * 4))"); do
  if docker info >/dev/null 2>&1; then
    log "dockerd answers"
    exit 0
  fi
  sleep 0.25
done

log "dockerd did not answer within ${wait_seconds} s; last lines of $dockerd_log:"
tail -n 20 "$dockerd_log" | tee -a "$log_file" >&2
exit 1
