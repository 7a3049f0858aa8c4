#!/usr/bin/env bash
# Installs LXC and its busybox template from Debian's packages, then creates, starts and removes one
# container with an empty network, so that a host that cannot run LXC fails here with LXC's own message.
set -euo pipefail

apt-get install -y -q lxc lxc-templates busybox-static

name=cooperate-ci-check
config=$(mktemp)
trap 'lxc-stop -n "$name" -k >/dev/null 2>&1 || true; lxc-destroy -n "$name" >/dev/null 2>&1 || true; rm -f "$config"' EXIT
echo 'lxc.net.0.type = empty' >"$config"

lxc-create -n "$name" -t busybox -f "$config" >/dev/null
lxc-start -n "$name"
lxc-wait -n "$name" -s RUNNING -t 30
lxc-attach -n "$name" --clear-env -- true
echo "LXC runs busybox containers"
