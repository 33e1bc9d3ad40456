import type { DeviceState, DeviceStatusReport, KioskReadiness } from '../../contract/index.ts';

/**
 * A reader counts as out of service only when the kiosk knows it failed
 * (unplugged, or asking for attention), not while it is still being opened
 * at start-up; a printer counts only when it is there and ready.
 */
const FAILED: ReadonlySet<DeviceState> = new Set(['not-connected', 'needs-attention']);
const PRINTS: ReadonlySet<DeviceState> = new Set(['ready', 'busy']);

/**
 * What the welcome and consent screens (and the session's start guard) are
 * told, from the device report and whether central is already known to be
 * unreachable.
 */
export function kioskReadiness(devices: DeviceStatusReport, centralKnownUnreachable: boolean): KioskReadiness {
  const { fingerprint, cardReader, printer } = devices.roles;
  return {
    readers: !FAILED.has(fingerprint.state) && !FAILED.has(cardReader.state),
    central: !centralKnownUnreachable,
    printer: PRINTS.has(printer.state),
  };
}
