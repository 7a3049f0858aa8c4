#!/bin/sh
# Builds a minimal root filesystem from this machine's busybox-static in a temporary directory and
# writes it to stdout as a tar stream, for `docker import` and `podman import`. No registry is needed.
set -eu

busybox=$(command -v busybox) || {
  echo "busybox-rootfs: busybox not found; install busybox-static" >&2
  exit 1
}
# A dynamically linked busybox would need the host's libraries inside the container.
if ldd "$busybox" >/dev/null 2>&1; then
  echo "busybox-rootfs: $busybox is not a static busybox; install busybox-static" >&2
  exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/root"
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
tar -C "$root" -c .
