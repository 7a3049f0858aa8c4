#!/usr/bin/env bash
# The ssh tests start their own sshd servers on 127.0.0.x (test/lab/sshd.ts), so they need the
# OpenSSH server and client. useradd (passwd) and unshare (util-linux) come with every Debian system.
set -euo pipefail

apt-get install -y -q --no-install-recommends openssh-server openssh-client
mkdir -p /run/sshd
for program in /usr/sbin/sshd /usr/bin/ssh /usr/bin/ssh-keygen /usr/sbin/useradd /usr/bin/unshare; do
  if [ ! -x "$program" ]; then
    echo "10-sshd.sh: $program is missing after installing openssh-server" >&2
    exit 1
  fi
done
