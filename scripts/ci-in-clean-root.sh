#!/usr/bin/env bash
# Runs .ci/run on a fresh clone of this repository's HEAD inside a clean
# Debian 12 root made with debootstrap (minbase), so a green run cannot lean
# on anything installed by hand on this machine (as udevadm once did).
#
#   sudo scripts/ci-in-clean-root.sh [ROOT_DIR]     (default /var/tmp/kiosk-clean-root)
#
# The root gets only what a fresh development machine starts with besides
# Debian's minimal base: Node.js with npm (copied from this machine, as the
# machine image ships them), npm's global settings and the CA bundle they
# name, git, DNS and the package sources. Everything else — Chromium, socat, xvfb, espeak-ng… —
# must come from the project's own commands. Needs root and debootstrap.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
root="${1:-/var/tmp/kiosk-clean-root}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [[ $EUID -ne 0 ]]; then echo "run as root (debootstrap and chroot need it)" >&2; exit 1; fi
command -v debootstrap >/dev/null || { echo "needs debootstrap: apt-get install -y debootstrap" >&2; exit 1; }

if [[ ! -x "$root/usr/bin/apt-get" ]]; then
  debootstrap --variant=minbase bookworm "$root" "$mirror"
fi

mounts=(proc sys dev dev/pts dev/shm)
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "$root/${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --bind /dev "$root/dev"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
mount -t tmpfs -o size=2g tmpfs "$root/dev/shm"

# What the machine image provides before any project command runs.
node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
install -D -m 0755 "$node_bin" "$root/usr/bin/node"
mkdir -p "$root/usr/lib/node_modules"
rm -rf "$root/usr/lib/node_modules/npm"
cp -a "$npm_dir" "$root/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
global_npmrc="$(npm config get globalconfig)"
if [[ -f "$global_npmrc" ]]; then install -D -m 0644 "$global_npmrc" "$root$global_npmrc"; fi
cafile="$(npm config get cafile)"
if [[ "$cafile" != "null" && -f "$cafile" ]]; then install -D -m 0644 "$cafile" "$root$cafile"; fi
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
cp -a /etc/apt/apt.conf.d/. "$root/etc/apt/apt.conf.d/" 2>/dev/null || true
# The image's package sources: debootstrap writes only "bookworm main", without
# bookworm-updates and bookworm-security, so the root would install older
# packages (Chromium 150 where the machine gets 156) than a fresh machine does.
for sources in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  if [[ -f "$sources" ]]; then install -D -m 0644 "$sources" "$root$sources"; fi
done
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c 'command -v git >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends git)'

# A fresh clone of HEAD, as CI makes one, with shared/ beside it read-only.
rm -rf "$root/ci"
mkdir -p "$root/ci"
git clone -q "$repo" "$root/ci/main"
git -C "$root/ci/main" checkout -q "$(git -C "$repo" rev-parse HEAD)"
if [[ -d "$repo/../shared" ]]; then cp -a "$repo/../shared" "$root/ci/shared" && chmod -R a-w "$root/ci/shared"; fi

echo "clean root: $root; missing before the run: $(for c in udevadm socat chromium Xvfb espeak-ng; do chroot "$root" sh -c "command -v $c >/dev/null" || printf '%s ' "$c"; done)"
start=$(date +%s)
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin CI=true LANG=C.UTF-8 \
  bash -c 'cd /ci/main && bash .ci/run' </dev/null
echo "clean-root CI passed in $(($(date +%s) - start)) s"
