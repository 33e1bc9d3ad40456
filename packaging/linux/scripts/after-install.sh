#!/bin/sh
# postinst of the kiosk deb (electron-builder deb.afterInstall; fpm uses it as
# the postinst unchanged, dpkg's arguments included). electron-builder fills
# in the two ${...} macros below, so shell variables are written $NAME, never
# with braces. POSIX sh and idempotent: dpkg may run it again after a failed
# upgrade, and a second run must change nothing. Honours DPKG_ROOT (dpkg
# installing into another root): every file it touches is under it, and no
# live daemon is poked for a root that is not the running system.
set -e

KIOSK_USER=kiosk
KIOSK_HOME=/var/lib/kiosk
# dialout: USB-serial bridges; plugdev: the CP2110 hidraw node; lp: the USB
# receipt printer; audio: spoken guidance (60-kiosk-devices.rules).
KIOSK_GROUPS="dialout plugdev lp audio"
UNITS="kiosk.service"

case "$1" in
  configure | abort-upgrade | abort-remove | abort-deconfigure) ;;
  *) exit 0 ;;
esac

root="$DPKG_ROOT"

# adduser has no --root; inside another root it runs chrooted there.
in_root() {
  if [ -n "$root" ]; then
    chroot "$root" "$@"
  else
    "$@"
  fi
}

has_account() { grep -q "^$2:" "$root/etc/$1" 2>/dev/null; }

is_member() {
  # /etc/group: name:password:gid:member,member
  grep "^$1:" "$root/etc/group" 2>/dev/null | cut -d: -f4 | tr ',' '\n' | grep -qx "$2"
}

# --- what electron-builder's default after-install does (this script replaces it) ---
app_binary='/opt/${sanitizedProductName}/${executable}'
if command -v update-alternatives >/dev/null 2>&1 && [ -z "$root" ]; then
  link='/usr/bin/${executable}'
  if [ -L "$link" ] && [ -e "$link" ] && [ "$(readlink "$link")" != '/etc/alternatives/${executable}' ]; then
    rm -f "$link"
  fi
  update-alternatives --install "$link" '${executable}' "$app_binary" 100 || ln -sf "$app_binary" "$link"
else
  ln -sf "$app_binary" "$root/usr/bin/${executable}"
fi

# Chromium's sandbox: the SUID helper only where user namespaces do not work.
sandbox="$root/opt/${sanitizedProductName}/chrome-sandbox"
if [ -e "$sandbox" ]; then
  if [ -z "$root" ] && [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
    chmod 0755 "$sandbox" || true
  else
    chmod 4755 "$sandbox" || true
  fi
fi

# --- the kiosk user ---
if ! has_account passwd "$KIOSK_USER"; then
  in_root adduser --system --group --home "$KIOSK_HOME" --shell /usr/sbin/nologin \
    --gecos 'Enrollment kiosk' "$KIOSK_USER"
fi
for group in $KIOSK_GROUPS; do
  if ! has_account group "$group"; then
    in_root addgroup --system "$group"
  fi
  if ! is_member "$group" "$KIOSK_USER"; then
    in_root adduser "$KIOSK_USER" "$group"
  fi
done
# The home holds the database and the sealed outbox: the kiosk user's alone.
# Numeric ids from the root's own passwd: the host may not know the user.
mkdir -p "$root$KIOSK_HOME"
chmod 0750 "$root$KIOSK_HOME"
ids=$(grep "^$KIOSK_USER:" "$root/etc/passwd" | cut -d: -f3,4)
chown "$ids" "$root$KIOSK_HOME"

# --- udev: apply the new rules to devices already plugged in ---
# A fresh chroot or image build has no udevadm, or no running udev (/run/udev
# of that root): the rules then take effect at the next boot, and that is not
# a failure.
if command -v udevadm >/dev/null 2>&1 && [ -d "$root/run/udev" ]; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw --subsystem-match=tty --subsystem-match=usbmisc --action=change || true
fi

# --- systemd: enable the kiosk unit the way debhelper's postinst does ---
# deb-systemd-helper records the enablement even without a running systemd
# (and honours DPKG_ROOT itself); it does not start anything.
if command -v deb-systemd-helper >/dev/null 2>&1; then
  for unit in $UNITS; do
    # Only lifts a mask the postrm set on removal.
    deb-systemd-helper unmask "$unit" >/dev/null || true
    # was-enabled is true on a first install; on an upgrade it keeps what the
    # technician chose (kiosk-x11.service instead, or the kiosk switched off).
    if deb-systemd-helper --quiet was-enabled "$unit"; then
      deb-systemd-helper enable "$unit" >/dev/null || true
    else
      deb-systemd-helper update-state "$unit" >/dev/null || true
    fi
  done
fi
if [ -d "$root/run/systemd/system" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl --system daemon-reload >/dev/null || true
fi

exit 0
