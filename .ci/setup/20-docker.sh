#!/usr/bin/env bash
# Installs docker and podman from Debian's packages, starts dockerd with no network at all, and imports
# the busybox image that the container tests use from a root filesystem built here: no registry is
# reachable, and none is needed.
set -euo pipefail
cd "$(dirname "$0")/../.."

apt-get install -y -q docker.io podman busybox-static

log=/var/log/cooperate-dockerd.log
start_dockerd() {
  # No bridge and no iptables rules: every test container runs with --network none.
  setsid dockerd --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false "$@" \
    </dev/null >"$log" 2>&1 &
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$!" 2>/dev/null; then
      return 1
    fi
    sleep 1
  done
  return 1
}

if ! docker info >/dev/null 2>&1; then
  # overlay2 works on ext4 and xfs; vfs is slower but works on any file system.
  if ! start_dockerd; then
    echo "dockerd did not start with its default storage driver; trying vfs" >&2
    tail -n 20 "$log" >&2
    start_dockerd --storage-driver vfs || {
      echo "dockerd did not start; its log follows" >&2
      tail -n 50 "$log" >&2
      exit 1
    }
  fi
fi
docker info --format 'docker engine {{.ServerVersion}}, storage driver {{.Driver}}'

sh test/lab/busybox-rootfs.sh | docker import --change 'CMD ["/bin/sh"]' - cooperate-busybox:latest
sh test/lab/busybox-rootfs.sh | podman import --change 'CMD ["/bin/sh"]' - cooperate-busybox:latest

# Fail here, with the engine's own message, rather than in every test.
docker run --rm --network none cooperate-busybox:latest true
podman run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 cooperate-busybox:latest true
echo "docker and podman run containers from cooperate-busybox:latest"
