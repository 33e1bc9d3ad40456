import type { DeviceState, DeviceStatusReport, KioskMode, KioskReadiness, OutOfServiceReason } from '../../contract/index.ts';

/**
 * A reader counts as out of service only when the kiosk knows it failed
 * (unplugged, or asking for attention), not while it is still being opened
 * at start-up; a printer counts only when it is there and ready.
 */
const FAILED: ReadonlySet<DeviceState> = new Set(['not-connected', 'needs-attention']);
const PRINTS: ReadonlySet<DeviceState> = new Set(['ready', 'busy']);

/** What else can put the kiosk out of service besides its devices and central. */
export interface OutOfServiceInputs {
  readonly mode: KioskMode;
  /** The storage guard refuses new enrollments (disk low or queue full). */
  readonly storageTripped: boolean;
  /** A verified central directive currently says out of service, with its office (null: none given). */
  readonly directive: { readonly outOfService: boolean; readonly office: string | null } | null;
  /** The configured "where to go instead" (KIOSK_OUT_OF_SERVICE_OFFICE). */
  readonly configuredOffice: string | null;
}

const IN_SERVICE: OutOfServiceInputs = { mode: 'chileatiende', storageTripped: false, directive: null, configuredOffice: null };

/**
 * What the welcome and consent screens (and the session's start guard) are
 * told, from the device report, whether central is already known to be
 * unreachable, and the other out-of-service inputs.
 */
export function kioskReadiness(devices: DeviceStatusReport, centralKnownUnreachable: boolean, inputs: OutOfServiceInputs = IN_SERVICE): KioskReadiness {
  const { fingerprint, cardReader, printer } = devices.roles;
  const reasons: OutOfServiceReason[] = [];
  // Both modes read the card and the finger; the printer is never required (Civil Digital shows the code on screen).
  if (FAILED.has(fingerprint.state)) reasons.push('device:fingerprint');
  if (FAILED.has(cardReader.state)) reasons.push('device:cardReader');
  if (inputs.mode === 'civil-digital' && centralKnownUnreachable) reasons.push('central');
  if (inputs.storageTripped) reasons.push('storage');
  const directed = inputs.directive?.outOfService === true;
  if (directed) reasons.push('directive');
  const office = (directed ? inputs.directive?.office : null) ?? inputs.configuredOffice;
  return {
    readers: !FAILED.has(fingerprint.state) && !FAILED.has(cardReader.state),
    central: !centralKnownUnreachable,
    printer: PRINTS.has(printer.state),
    outOfService: { reasons, office: reasons.length === 0 ? null : office },
  };
}

/** Same readiness as far as any screen can tell. */
export function sameReadiness(a: KioskReadiness, b: KioskReadiness): boolean {
  return (
    a.readers === b.readers &&
    a.central === b.central &&
    a.printer === b.printer &&
    a.outOfService.office === b.outOfService.office &&
    a.outOfService.reasons.join(',') === b.outOfService.reasons.join(',')
  );
}
