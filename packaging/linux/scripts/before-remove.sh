#!/bin/sh
# prerm of the kiosk deb (passed to fpm as --before-remove): stop the kiosk
# before dpkg deletes its files, as debhelper's prerm does. Not on an upgrade:
# the running kiosk keeps going and picks up the new version at its next
# restart, which the maintenance window schedules, never mid-session.
set -e

case "$1" in
  remove) ;;
  *) exit 0 ;;
esac

if [ -z "$DPKG_ROOT" ] && [ -d /run/systemd/system ] && command -v deb-systemd-invoke >/dev/null 2>&1; then
  deb-systemd-invoke stop kiosk.service kiosk-x11.service >/dev/null || true
fi

exit 0
