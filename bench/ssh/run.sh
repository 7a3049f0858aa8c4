#!/usr/bin/env bash
# Measures cooperate's ssh nodes beside pdsh, clush, parallel-ssh and GNU parallel -S, all through the
# OpenSSH client to real sshd servers on loopback: one command on 8, 32 and 100 nodes, and 400 commands
# distributed over 8 nodes. Each sshd serves 8 addresses (127.0.9.N), as a rack of nodes behind one
# server would, with OpenSSH's default MaxStartups of 10:30:100.
#
# Usage, as root from anywhere: bench/ssh/run.sh [RUNS]   (default 3 runs; the median is shown)
# Prints a markdown table: the median wall time in seconds, and how many nodes or jobs printed their
# output in the last run. cooperate runs 32 jobs at once in distribute mode, GNU parallel 4 per node.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${1:-3}
NODES=100
PER_SERVER=8
PORT=2299
TEST_USER=cooperate-test

if [ "$(id -u)" != 0 ]; then
  echo "bench/ssh/run.sh: run it as root, because it starts sshd and creates the test user $TEST_USER" >&2
  exit 2
fi
for program in pdsh clush parallel-ssh parallel /usr/sbin/sshd; do
  if ! command -v "$program" >/dev/null; then
    echo "bench/ssh/run.sh: $program is missing; install pdsh clustershell pssh parallel openssh-server" >&2
    exit 2
  fi
done

npm run build >/dev/null
node -e "import('./dist/test/lab/sshd.js').then((lab) => lab.ensureTestUser())"

work=$(mktemp -d /tmp/cooperate-bench-ssh-XXXXXX)
chmod 755 "$work"
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -C cooperate-bench -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -C cooperate-bench -f "$work/user_key"
install -m 644 "$work/user_key.pub" "$work/authorized_keys"
mkdir -p /run/sshd
host_key=$(cat "$work/host_key.pub")
config="$work/ssh_config"
: >"$work/known_hosts"
: >"$config"

for ((server = 0; server * PER_SERVER < NODES; server++)); do
  server_config="$work/sshd_$server.conf"
  cat >"$server_config" <<CONF
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PidFile none
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $TEST_USER
PrintMotd no
LogLevel ERROR
CONF
  for ((slot = 1; slot <= PER_SERVER; slot++)); do
    node=$((server * PER_SERVER + slot))
    [ "$node" -le "$NODES" ] || break
    echo "ListenAddress 127.0.9.$node:$PORT" >>"$server_config"
    echo "[127.0.9.$node]:$PORT $host_key" >>"$work/known_hosts"
    printf 'Host node%d\n  HostName 127.0.9.%d\n' "$node" "$node" >>"$config"
  done
  /usr/sbin/sshd -D -e -f "$server_config" 2>>"$work/sshd.log" &
  server_pids+=($!)
done
cat >>"$config" <<CONF
Host *
  Port $PORT
  User $TEST_USER
  IdentityFile $work/user_key
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $work/known_hosts
  GlobalKnownHostsFile /dev/null
  CheckHostIP no
  BatchMode yes
CONF

for count in 8 32 100; do
  seq -f 'node%g' 1 "$count" >"$work/hosts_$count"
done
for ((job = 0; job < 400; job++)); do
  echo '--command echo ok'
done >"$work/jobs_400"

# Wait until the first node of every server accepts a login.
for ((node = 1; node <= NODES; node += PER_SERVER)); do
  for ((try = 0; try < 100; try++)); do
    ssh -F "$config" "node$node" true 2>/dev/null && break
    sleep 0.1
  done
done

export COOPERATE_SSH_CONFIG="$config"
export PDSH_RCMD_TYPE=ssh
export PDSH_SSH_ARGS="-F $config -x -l%u %h"
cooperate=(node dist/src/cli/main.js)
parallel_ssh=(parallel --will-cite --ssh "ssh -F $config")

# Runs a command RUNS times; prints the median wall time and the output lines `ok` of the last run.
measure() {
  local times=() ok=0 started ended median
  for ((run = 0; run < RUNS; run++)); do
    started=$(date +%s.%N)
    # `node1: ok` (pdsh, clush), `  ok` (cooperate's YAML) or `ok` alone, but not `command: echo ok`.
    ok=$("$@" 2>>"$work/errors.log" | grep -cE '(^|: |^  )ok$' || true)
    ended=$(date +%s.%N)
    times+=("$(echo "$ended - $started" | bc)")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
  printf '%.2f s, %s ok' "$median" "$ok"
}

echo "| Tool | 1 command, 8 nodes | 1 command, 32 nodes | 1 command, 100 nodes | 400 commands over 8 nodes |"
echo "| --- | --- | --- | --- | --- |"

row=("cooperate")
for count in 8 32 100; do
  row+=("$(measure "${cooperate[@]}" --hosts "$work/hosts_$count" -c 'echo ok')")
done
row+=("$(measure "${cooperate[@]}" --hosts "$work/hosts_8" -m distribute -b 32 "@$work/jobs_400")")
(IFS='|'; echo "| ${row[*]} |")

row=("pdsh -R ssh (fanout 32)")
for count in 8 32 100; do
  row+=("$(measure pdsh -l "$TEST_USER" -w "^$work/hosts_$count" 'echo ok')")
done
row+=("no distribute mode")
(IFS='|'; echo "| ${row[*]} |")

row=("clush (fanout 64)")
for count in 8 32 100; do
  row+=("$(measure clush -w "node[1-$count]" -o "-F $config" 'echo ok')")
done
row+=("no distribute mode")
(IFS='|'; echo "| ${row[*]} |")

row=("parallel-ssh (-p 32)")
for count in 8 32 100; do
  row+=("$(measure parallel-ssh -i -p 32 -h "$work/hosts_$count" -x "-F $config" 'echo ok')")
done
row+=("no distribute mode")
(IFS='|'; echo "| ${row[*]} |")

for master in '' '--controlmaster'; do
  row=("GNU parallel -S ${master:-(no control master)}")
  for count in 8 32 100; do
    row+=("$(measure "${parallel_ssh[@]}" $master --nonall --sshloginfile "$work/hosts_$count" echo ok)")
  done
  row+=("$(measure "${parallel_ssh[@]}" $master -N0 -j 4 --sshloginfile "$work/hosts_8" echo ok ::: $(seq 400))")
  (IFS='|'; echo "| ${row[*]} |")
done

if [ -s "$work/errors.log" ]; then
  echo
  echo "Messages on stderr (first 10 distinct):"
  sort "$work/errors.log" | uniq -c | sort -rn | head -10
fi
