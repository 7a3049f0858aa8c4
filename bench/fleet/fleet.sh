#!/bin/sh
# A lean ssh fleet for benchmarks: sshd servers on 127.0.0.1 ... 127.0.0.COUNT, one port, logging in as a
# dedicated user whose login shell is /bin/sh and whose home has no start-up files, so that what is
# measured is the tools and not a login shell. Needs root (useradd, sshd). Loopback only.
#
#   fleet.sh start [COUNT]   start sshd on COUNT loopback addresses (default 100, at most 254)
#   fleet.sh stop            stop the sshd servers this script started, by the PIDs it recorded
#   fleet.sh status          print the state directory and whether each server is running
#
# The state directory (FLEET_DIR, default /tmp/cooperate-fleet) then holds:
#   ssh_config   the private client configuration: user, port, key, known hosts; pass it with ssh -F
#   hosts        one node address a line
#   bin/ssh      an ssh that always reads ssh_config, for tools that take no ssh options
set -eu

FLEET_DIR=${FLEET_DIR:-/tmp/cooperate-fleet}
FLEET_PORT=${FLEET_PORT:-2299}
FLEET_USER=${FLEET_USER:-coopbench}
# OpenSSH's sshd listens on at most 16 addresses (MAX_LISTEN_SOCKS), so each server takes 16 of them.
ADDRESSES_PER_SERVER=16

fail() {
  echo "fleet.sh: $*" >&2
  exit 2
}

create_user() {
  if ! getent passwd "$FLEET_USER" >/dev/null; then
    # No -m: the home gets no copies of /etc/skel, so no shell start-up files.
    useradd --system --no-create-home --home-dir "$FLEET_DIR/home" --shell /bin/sh "$FLEET_USER"
  fi
  # With UsePAM no, sshd rejects an account whose password field is locked ('!'); '*' allows key logins only.
  usermod --password '*' "$FLEET_USER"
  mkdir -p "$FLEET_DIR/home"
  chown "$FLEET_USER" "$FLEET_DIR/home"
  chmod 0755 "$FLEET_DIR/home"
}

create_keys() {
  [ -f "$FLEET_DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C fleet-host -f "$FLEET_DIR/host_ed25519"
  [ -f "$FLEET_DIR/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C fleet-client -f "$FLEET_DIR/client_ed25519"
  cp "$FLEET_DIR/client_ed25519.pub" "$FLEET_DIR/authorized_keys"
  chmod 0644 "$FLEET_DIR/authorized_keys"
}

write_client_files() {
  count=$1
  host_key=$(cut -d' ' -f1,2 "$FLEET_DIR/host_ed25519.pub")
  : >"$FLEET_DIR/hosts"
  : >"$FLEET_DIR/known_hosts"
  i=1
  while [ "$i" -le "$count" ]; do
    echo "127.0.0.$i" >>"$FLEET_DIR/hosts"
    echo "[127.0.0.$i]:$FLEET_PORT $host_key" >>"$FLEET_DIR/known_hosts"
    i=$((i + 1))
  done

  cat >"$FLEET_DIR/ssh_config" <<CONFIG
Host 127.0.0.*
  User $FLEET_USER
  Port $FLEET_PORT
  IdentityFile $FLEET_DIR/client_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $FLEET_DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  # Fail at once instead of prompting, and never share connections unless a tool requests it.
  BatchMode yes
  ControlMaster no
  ConnectTimeout 10
  LogLevel ERROR
CONFIG

  mkdir -p "$FLEET_DIR/bin"
  cat >"$FLEET_DIR/bin/ssh" <<WRAPPER
#!/bin/sh
exec /usr/bin/ssh -F $FLEET_DIR/ssh_config "\$@"
WRAPPER
  chmod 0755 "$FLEET_DIR/bin/ssh"
}

write_server_config() {
  server=$1
  first=$2
  last=$3
  config="$FLEET_DIR/sshd-$server.conf"
  {
    echo "Port $FLEET_PORT"
    i=$first
    while [ "$i" -le "$last" ]; do
      echo "ListenAddress 127.0.0.$i"
      i=$((i + 1))
    done
    cat <<CONFIG
HostKey $FLEET_DIR/host_ed25519
PidFile $FLEET_DIR/sshd-$server.pid
AuthorizedKeysFile $FLEET_DIR/authorized_keys
AllowUsers $FLEET_USER
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# No PAM session and no DNS look-up: each adds time to every login that a real fleet may not have.
UsePAM no
UseDNS no
# The state directory sits under /tmp, which StrictModes would reject as world-writable.
StrictModes no
PrintMotd no
PrintLastLog no
# Hundreds of logins arrive at once; the defaults (10:30:100, 10) would drop or refuse some of them.
MaxStartups 2000
MaxSessions 1000
LogLevel ERROR
CONFIG
  } >"$config"
  echo "$config"
}

start() {
  count=${1:-100}
  case $count in
    '' | *[!0-9]*) fail "invalid node count '$count'; give a whole number from 1 to 254" ;;
  esac
  [ "$count" -ge 1 ] && [ "$count" -le 254 ] || fail "invalid node count $count; give a number from 1 to 254"
  [ "$(id -u)" -eq 0 ] || fail "must run as root (it creates the user $FLEET_USER and starts sshd)"
  if [ -n "$(ls "$FLEET_DIR"/sshd-*.pid 2>/dev/null)" ]; then
    fail "a fleet is already running in $FLEET_DIR; run 'fleet.sh stop' first"
  fi

  mkdir -p "$FLEET_DIR" /run/sshd
  chmod 0755 "$FLEET_DIR"
  create_user
  create_keys
  write_client_files "$count"

  server=0
  first=1
  while [ "$first" -le "$count" ]; do
    last=$((first + ADDRESSES_PER_SERVER - 1))
    [ "$last" -le "$count" ] || last=$count
    config=$(write_server_config "$server" "$first" "$last")
    /usr/sbin/sshd -f "$config" -E "$FLEET_DIR/sshd-$server.log"
    server=$((server + 1))
    first=$((last + 1))
  done

  # Wait (at most 5 s) until the last node accepts a login, so that the first benchmark run does not race sshd.
  tries=0
  until /usr/bin/ssh -F "$FLEET_DIR/ssh_config" "127.0.0.$count" true 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 50 ] || fail "127.0.0.$count does not accept logins; see $FLEET_DIR/sshd-*.log"
    sleep 0.1
  done
  echo "fleet: $count nodes on 127.0.0.1-$count port $FLEET_PORT, $server sshd servers; state in $FLEET_DIR"
}

stop() {
  for pidfile in "$FLEET_DIR"/sshd-*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    # Only a PID that sshd recorded for this fleet's configuration is signalled.
    if [ -n "$pid" ] && grep -q "$FLEET_DIR/sshd-" "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid"
    fi
    rm -f "$pidfile"
  done
  echo "fleet: stopped"
}

status() {
  echo "state: $FLEET_DIR"
  for pidfile in "$FLEET_DIR"/sshd-*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then state=running; else state=gone; fi
    echo "$(basename "$pidfile" .pid): pid $pid $state"
  done
}

case ${1:-} in
  start) start "${2:-100}" ;;
  stop) stop ;;
  status) status ;;
  *) fail "unknown action '${1:-}'; use start [COUNT], stop or status" ;;
esac
