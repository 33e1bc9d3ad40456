#!/bin/sh
# postrm of the kiosk deb (electron-builder deb.afterRemove; fpm uses it as the
# postrm unchanged). Same rules as after-install.sh: POSIX sh, idempotent,
# ${...} only for electron-builder's macros, DPKG_ROOT honoured.
#
# Deliberately kept on purge: the kiosk user (files it owned may remain, and
# Debian policy leaves system users in place) and /var/lib/kiosk, which holds
# the sealed outbox: enrollments not yet delivered must not vanish with a
# package. The technician guide says how to remove both by hand.
set -e

root="$DPKG_ROOT"
UNITS="kiosk.service kiosk-x11.service"

case "$1" in
  remove | purge) ;;
  *) exit 0 ;;
esac

# --- what electron-builder's default after-remove does (this script replaces it) ---
if [ "$1" = remove ]; then
  if command -v update-alternatives >/dev/null 2>&1 && [ -z "$root" ]; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}' || true
  else
    rm -f "$root/usr/bin/${executable}"
  fi
fi

# --- udev: dpkg has removed the rules file; forget it in the running udev ---
if command -v udevadm >/dev/null 2>&1 && [ -d "$root/run/udev" ]; then
  udevadm control --reload-rules || true
fi

# --- systemd: as debhelper's postrm ---
if [ -d "$root/run/systemd/system" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl --system daemon-reload >/dev/null || true
fi
if command -v deb-systemd-helper >/dev/null 2>&1; then
  for unit in $UNITS; do
    if [ "$1" = remove ]; then
      deb-systemd-helper mask "$unit" >/dev/null || true
    else
      deb-systemd-helper purge "$unit" >/dev/null || true
      deb-systemd-helper unmask "$unit" >/dev/null || true
    fi
  done
fi

exit 0
