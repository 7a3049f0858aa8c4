#!/bin/sh
# The hand-written baseline for many short commands over a few nodes: one shared ssh connection
# (ControlMaster) per node, then xargs hands each command to the nodes in turn, PER_NODE at a time
# per node on average.
#
#   xargs-controlmaster.sh SSH_CONFIG HOSTS_FILE COMMANDS_FILE PER_NODE
set -eu

config=$1
hosts=$2
commands=$3
per_node=$4
sockets=$(mktemp -d)

close_masters() {
  while read -r host; do
    ssh -F "$config" -o ControlPath="$sockets/%h" -O exit "$host" 2>/dev/null || true
  done <"$hosts"
  rm -rf "$sockets"
}
trap close_masters EXIT

# Each master goes to the background once it has logged in (-f), so every node is ready after `wait`.
# -f also puts it in a session of its own, beyond a benchmark's kill of this script's process group, so
# ControlPersist=60 ends a master left behind after 60 s without clients.
while read -r host; do
  ssh -F "$config" -o ControlMaster=yes -o ControlPath="$sockets/%h" -o ControlPersist=60 -f -N "$host" &
done <"$hosts"
wait

nodes=$(wc -l <"$hosts")
# Pair each command with a node, round robin, as two arguments: node, then command.
awk -v nodes="$nodes" 'NR == FNR { node[FNR - 1] = $0; next } { print node[(FNR - 1) % nodes]; print }' \
  "$hosts" "$commands" |
  xargs -d '\n' -n 2 -P $((nodes * per_node)) \
    sh -c 'exec ssh -F "$0" -o ControlPath="$1/%h" "$2" "$3"' "$config" "$sockets"
