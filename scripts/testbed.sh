#!/usr/bin/env bash
# The real components the tests use, from Debian's packages: sshd (started per test), libvirtd +
# QEMU, the libvirt test driver, virt-host-validate, Chromium. `install` adds what is missing;
# `start` starts the daemons; `status` prints what runs. Needs root (as on CI).
set -euo pipefail

PACKAGES=(openssh-server openssh-client sudo libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils
  python3-libvirt ovmf chromium fonts-dejavu-core iproute2 procps patch util-linux passwd)
# vagrant: begin
# Debian 12: vagrant 2.3.4, vagrant-libvirt 0.11.2 (a system plugin: no gem install, no network).
# The docker-provider test also needs dockerd (docker.io) running and busybox-static for its image.
PACKAGES+=(vagrant vagrant-libvirt busybox-static)
# vagrant: end

log() { echo "testbed: $*" >&2; }

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then log "packages present"; return; fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

wait_for() { # seconds, description, command...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then log "timed out waiting for $what"; return 1; fi
    sleep 0.2
  done
}

configure_libvirt() {
  # Members of the libvirt group manage the system instance, as on a workstation (where polkit
  # grants it; there is no D-Bus/polkit here, so the socket's group does).
  local conf=/etc/libvirt/libvirtd.conf marker='# virtdeck testbed'
  if ! grep -q "$marker" "$conf"; then
    printf '\n%s\nunix_sock_group = "libvirt"\nunix_sock_rw_perms = "0770"\nauth_unix_rw = "none"\nauth_unix_ro = "none"\n' "$marker" >> "$conf"
    if pgrep -x libvirtd >/dev/null; then pkill -x libvirtd; wait_for 20 "libvirtd to stop" sh -c '! pgrep -x libvirtd'; fi
  fi
}

start_libvirt() {
  configure_libvirt
  # udev does not set these here; without them libvirt re-probes QEMU on every call (a define takes a minute).
  if [ -e /dev/kvm ]; then chown root:kvm /dev/kvm && chmod 0660 /dev/kvm; fi
  mkdir -p /run/sshd
  pgrep -x virtlogd >/dev/null || virtlogd -d
  pgrep -x libvirtd >/dev/null || libvirtd -d
  wait_for 60 "libvirtd" virsh -c qemu:///system version
  virsh -c qemu:///system net-info default >/dev/null 2>&1 && { virsh -c qemu:///system net-start default >/dev/null 2>&1 || true; }
  log "libvirtd $(libvirtd --version | awk '{print $NF}') ready; $(virsh -c qemu:///system version | grep hypervisor)"
}

case "${1:-start}" in
  install) install_packages ;;
  start) install_packages; start_libvirt ;;
  status)
    for p in libvirtd virtlogd; do pgrep -x $p >/dev/null && log "$p running" || log "$p not running"; done
    ls -l /dev/kvm 2>/dev/null || log "no /dev/kvm" ;;
  *) echo "usage: scripts/testbed.sh [install|start|status]" >&2; exit 2 ;;
esac
