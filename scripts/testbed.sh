#!/usr/bin/env bash
# The real components the tests use, from Debian's packages: sshd (started per test), libvirtd +
# QEMU, the libvirt test driver, virt-host-validate, Chromium. `install` adds what is missing;
# `start` starts the daemons; `status` prints what runs. Needs root (as on CI).
set -euo pipefail

PACKAGES=(openssh-server openssh-client sudo libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils
  python3-libvirt ovmf chromium fonts-dejavu-core iproute2 procps patch util-linux passwd
  desktop-file-utils # test/resources.test.ts: desktop-file-validate resources/virtdeck.desktop
  fish dash          # test/ssh-login-shells.test.ts: remote users whose login shell is not bash
  pci.ids            # passthrough: device names from /usr/share/misc/pci.ids
  docker.io lxc busybox-static iptables nftables # containers: dockerd, LXC (busybox template), firewall checks
  bsdutils           # snapshots: script(1): the terminal virsh console needs (src/main/console/serial.ts); qemu-io is in qemu-utils
  vagrant vagrant-libvirt # vagrant: Debian 12 gives 2.3.4 and 0.11.2 (a system plugin: no gem install, no network)
  # containers: begin
  systemd            # containers: systemctl enable/disable of the FORWARD fix's unit (test/docker-forward-persist.serial.test.ts)
  # containers: end
  # storagenet: begin
  dnsmasq-base       # storagenet: libvirt runs dnsmasq for every NAT/routed/isolated network (test/networks-admin.test.ts)
  # storagenet: end
  libosinfo-bin osinfo-db # vmmisc: osinfo-query and its OS database (the New VM wizard's OS choice)
  # vmhw: begin
  swtpm swtpm-tools  # vmhw: libvirt refuses to define an emulated TPM 2.0 without swtpm (test/vm-hardware.test.ts)
  # vmhw: end
)

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

# containers: begin
# dockerd (no systemd here: started in the background unless one already answers), an offline
# image from the busybox-static root filesystem, and LXC's default bridge set to libvirt's virbr0
# (lxc-net's lxcbr0 is not started here — the guide's RHEL fix).
start_docker() {
  if ! docker info >/dev/null 2>&1; then
    pgrep -x containerd >/dev/null || (setsid containerd >/var/log/containerd.log 2>&1 &)
    pgrep -x dockerd >/dev/null || (setsid dockerd --containerd=/run/containerd/containerd.sock >/var/log/dockerd.log 2>&1 &)
    wait_for 90 "dockerd" docker info
  fi
  if ! docker image inspect virtdeck-test/busybox:latest >/dev/null 2>&1; then
    local root; root=$(mktemp -d)
    mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
    cp /bin/busybox "$root/bin/busybox"
    chroot "$root" /bin/busybox --install -s
    tar -C "$root" -c . | docker import - virtdeck-test/busybox:latest >/dev/null
    rm -rf "$root"
  fi
  log "dockerd $(docker version --format '{{.Server.Version}}') ready; image virtdeck-test/busybox:latest"
}

configure_lxc() {
  local conf=/etc/lxc/default.conf
  mkdir -p /etc/lxc
  if [ ! -f "$conf" ]; then printf 'lxc.net.0.type = veth\nlxc.net.0.link = virbr0\nlxc.net.0.flags = up\n' > "$conf"; fi
  sed -i 's/^lxc\.net\.0\.link = .*/lxc.net.0.link = virbr0/' "$conf"
  log "lxc $(lxc-create --version) with lxc.net.0.link = virbr0"
}
# containers: end

case "${1:-start}" in
  install) install_packages ;;
  start) install_packages; start_libvirt; start_docker; configure_lxc ;; # containers: start_docker, configure_lxc
  status)
    for p in libvirtd virtlogd; do pgrep -x $p >/dev/null && log "$p running" || log "$p not running"; done
    ls -l /dev/kvm 2>/dev/null || log "no /dev/kvm" ;;
  *) echo "usage: scripts/testbed.sh [install|start|status]" >&2; exit 2 ;;
esac
