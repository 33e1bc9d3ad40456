import { z } from 'zod';
import { KioskModeSchema } from './app.ts';
import { DeviceRoleSchema } from './devices.ts';
import { OutOfServiceSchema } from './session.ts';
import { TECHNICIAN_MAX_PIN_ATTEMPTS, TECHNICIAN_PIN_MAX_DIGITS } from './technician-limits.ts';

/**
 * Technician mode on the touch screen: PIN-gated configuration and
 * diagnostics. The service decides everything: whether a PIN exists, how
 * many attempts are left, the lockout, the inactivity deadline. The renderer
 * never sees the PIN hash, only this status. Every `technician.*` command is
 * refused with `technician.session_active` while a citizen's session runs,
 * and every command but status/enter/exit with `technician.not_active`
 * outside a technician session. The first PIN is never chosen here: it is
 * provisioned with `kioskctl technician set-pin` on the kiosk's console.
 */

export {
  TECHNICIAN_MAX_PIN_ATTEMPTS,
  TECHNICIAN_PIN_MAX_DIGITS,
  TECHNICIAN_PIN_MIN_DIGITS,
  type TechnicianPinProblem,
  technicianPinProblem,
} from './technician-limits.ts';

/** Digits only; the length rule is the service's (it answers `technician.pin_format`, which the screen can explain). */
const PinSchema = z.string().max(TECHNICIAN_PIN_MAX_DIGITS).regex(/^\d*$/);

/**
 * - `setup`: no PIN yet; technician mode stays closed until one is provisioned with `kioskctl technician set-pin`.
 * - `pin`: a PIN is needed to enter.
 * - `locked`: too many wrong PINs; `lockedUntil` says until when.
 * - `active`: technician mode is open until `expiresAt` (postponed by every command and `technician.activity`).
 */
export const TechnicianStateSchema = z.enum(['setup', 'pin', 'locked', 'active']);
export type TechnicianState = z.infer<typeof TechnicianStateSchema>;

export const TechnicianStatusSchema = z
  .object({
    state: TechnicianStateSchema,
    attemptsLeft: z.number().int().min(0).max(TECHNICIAN_MAX_PIN_ATTEMPTS),
    lockedUntil: z.iso.datetime().nullable(),
    /** Rounded up, so the countdown reads 1 in the last second. */
    lockoutSecondsLeft: z.number().int().nonnegative().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    /** Changes that apply when technician mode ends (the service restarts then). */
    restartPending: z.boolean(),
    simulatedDevices: z.boolean(),
  })
  .strict();
export type TechnicianStatus = z.infer<typeof TechnicianStatusSchema>;

/** Inside technician mode: the PIN in use, and the new one typed twice. */
export const TechnicianChangePinArgsSchema = z.object({ currentPin: PinSchema, pin: PinSchema, confirmation: PinSchema }).strict();
export type TechnicianChangePinArgs = z.infer<typeof TechnicianChangePinArgsSchema>;
export const TechnicianEnterArgsSchema = z.object({ pin: PinSchema }).strict();
export type TechnicianEnterArgs = z.infer<typeof TechnicianEnterArgsSchema>;

/**
 * What the service's maintenance layer says (electron/service/maintenance):
 * a message key and its parameters, which the screen words through the
 * technician catalogues (`technician.maintenance.messages.*` and
 * `technician.maintenance.advice.*`). Parameters are technical facts (a
 * device path, a number of days, an OS error code), never sentences, except
 * `detail`: a driver's or the OS's own words, shown as a technical detail.
 */
export const MaintenanceTextSchema = z
  .object({
    key: z
      .string()
      .max(64)
      .regex(/^[a-zA-Z]+$/),
    params: z.record(z.string().max(64), z.union([z.string().max(1000), z.number()])),
  })
  .strict();
export type MaintenanceText = z.infer<typeof MaintenanceTextSchema>;

/** One check as the selftest reports it: what was found and, when it is not a pass, what to do. */
export const CheckStatusSchema = z.enum(['pass', 'warn', 'fail', 'skip']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;
export const CheckLineSchema = z
  .object({
    check: z.string().max(64),
    status: CheckStatusSchema,
    message: MaintenanceTextSchema,
    advice: MaintenanceTextSchema.optional(),
  })
  .strict();
export type CheckLine = z.infer<typeof CheckLineSchema>;

/** A failed test or operation: a stable code, what happened and what to do. */
const FailureSchema = z
  .object({ outcome: z.literal('fail'), code: z.string().max(80), message: MaintenanceTextSchema, advice: MaintenanceTextSchema.optional() })
  .strict();
export type TechnicianFailure = z.infer<typeof FailureSchema>;

// Devices -------------------------------------------------------------------

const hex16 = z.number().int().min(0).max(0xffff);
/** A compact device assignment (`serial:/dev/ttyUSB0@57600`, `hid:10c4:ea80`, `tcp:192.0.2.10:9100`, `file:/dev/usb/lp0`, `simulated`, `none`). */
const AssignmentTextSchema = z.string().min(1).max(300);

export const DeviceSuggestionSchema = z
  .object({
    /** What the catalogue knows the device as, e.g. "Silicon Labs CP210x USB-serial bridge". */
    name: z.string().max(120),
    /** Where the id comes from (a datasheet, a kernel driver table). */
    source: z.string().max(300),
    /** Roles it can serve, each with the assignment to try first. */
    roles: z.array(z.object({ role: DeviceRoleSchema, assignment: AssignmentTextSchema, note: z.string().max(200) }).strict()).max(3),
  })
  .strict();
export type DeviceSuggestion = z.infer<typeof DeviceSuggestionSchema>;

export const PluggedDeviceSchema = z
  .object({
    kind: z.enum(['serial', 'hid', 'printer-file']),
    path: z.string().max(300).nullable(),
    /** The stable /dev/serial/by-id name of a serial port, when udev made one. */
    stablePath: z.string().max(300).nullable(),
    vendorId: hex16.nullable(),
    productId: hex16.nullable(),
    manufacturer: z.string().max(200).nullable(),
    product: z.string().max(200).nullable(),
    serialNumber: z.string().max(200).nullable(),
    usagePage: hex16.nullable(),
    usage: hex16.nullable(),
    suggestion: DeviceSuggestionSchema.nullable(),
  })
  .strict();
export type PluggedDevice = z.infer<typeof PluggedDeviceSchema>;

export const PluggedDevicesSchema = z.object({ devices: z.array(PluggedDeviceSchema).max(200), problems: z.array(z.string().max(300)).max(5) }).strict();
export type PluggedDevices = z.infer<typeof PluggedDevicesSchema>;

export const RoleArgsSchema = z.object({ role: DeviceRoleSchema }).strict();
export const AssignDeviceArgsSchema = z.object({ role: DeviceRoleSchema, assignment: AssignmentTextSchema }).strict();
export type AssignDeviceArgs = z.infer<typeof AssignDeviceArgsSchema>;

export const ConfigChangeSchema = z.object({ field: z.string().max(64), old: z.string().max(300).nullable(), new: z.string().max(300).nullable() }).strict();
export type ConfigChange = z.infer<typeof ConfigChangeSchema>;

/**
 * A validated, atomic change: either everything was written, or nothing
 * (`field` and `reason` say why: the schema's technical reason, or, for a
 * file the configuration names, the maintenance `message`).
 */
export const ConfigChangeResultSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), changes: z.array(ConfigChangeSchema).max(20), restartPending: z.boolean() }).strict(),
  z.object({ saved: z.literal(false), field: z.string().max(64), reason: z.string().max(500), message: MaintenanceTextSchema.optional() }).strict(),
]);
export type ConfigChangeResult = z.infer<typeof ConfigChangeResultSchema>;

export const FINGER_TEST_IMAGE_MAX_PIXELS = 512 * 512;
export const FingerprintTestResultSchema = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('pass'),
      /** 0–100, the kiosk's own score of the image (biometrics/ quality); null when the image is of a shape it cannot score. */
      quality: z.number().int().min(0).max(100).nullable(),
      templateFormat: z.string().max(40),
      /** 8-bit grey, row-major, 0 = black, base64 (the screen paints it on a canvas: the CSP allows no blob: images). */
      image: z
        .object({
          width: z.number().int().min(1).max(512),
          height: z.number().int().min(1).max(512),
          pixelsBase64: z
            .string()
            .max(Math.ceil((FINGER_TEST_IMAGE_MAX_PIXELS * 4) / 3) + 4)
            .regex(/^[A-Za-z0-9+/]*={0,2}$/),
        })
        .strict()
        .nullable(),
    })
    .strict(),
  FailureSchema,
]);
export type FingerprintTestResult = z.infer<typeof FingerprintTestResultSchema>;

/** `G******* P****`: each word's first character, the rest as asterisks. */
const MaskedNameSchema = z
  .string()
  .max(200)
  .regex(/^(?:\S\**)?(?: \S\**)*$/u);

export const CardTestResultSchema = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('pass'),
      card: z
        .object({
          documentType: z.string().max(20),
          /** `12.345.***-5`: the RUN is never shown whole, even to a technician. */
          runMasked: z.string().max(20),
          /**
           * The rest of what identifies the card's holder is masked the same
           * way (common/card-mask.ts), and the schema takes only masked
           * shapes, so a clear value is refused before it reaches a screen.
           */
          serialMasked: z
            .string()
            .max(20)
            .regex(/^\*{3,}[^*]{0,3}$/),
          surnamesMasked: MaskedNameSchema.nullable(),
          givenNamesMasked: MaskedNameSchema.nullable(),
          birthDateMasked: z.string().regex(/^\d{4}-\*\*-\*\*$|^\*{4}-\*\*-\*\*$/),
          expiryDate: z.string().max(10),
          sex: z.string().max(1).nullable(),
          nationality: z.string().max(3).nullable(),
          source: z.string().max(10),
        })
        .strict(),
    })
    .strict(),
  FailureSchema,
]);
export type CardTestResult = z.infer<typeof CardTestResultSchema>;

export const PrinterTestResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('pass'), bytesSent: z.number().int().nonnegative(), warnings: z.array(z.string().max(200)).max(10) }).strict(),
  FailureSchema,
]);
export type PrinterTestResult = z.infer<typeof PrinterTestResultSchema>;

// Kiosk setup ---------------------------------------------------------------

const CertificateSummarySchema = z
  .object({ subject: z.string().max(300), serial: z.string().max(100), notAfter: z.iso.datetime(), daysLeft: z.number().int() })
  .strict();

export const TechnicianConfigSchema = z
  .object({
    kioskId: z.string().max(64),
    office: z.string().max(120),
    mode: KioskModeSchema,
    centralUrl: z.string().max(2048).nullable(),
    centralCaFile: z.string().max(4096).nullable(),
    devices: z.object({ fingerprint: AssignmentTextSchema, cardReader: AssignmentTextSchema, printer: AssignmentTextSchema }).strict(),
    simulatedDevices: z.boolean(),
    /** The kiosk's client certificate for central, when it is registered. */
    certificate: CertificateSummarySchema.nullable(),
    /** Fields this run of the service takes from KIOSK_* variables instead (the stored value applies once they are unset). */
    environmentOverrides: z.array(z.string().max(64)).max(20),
    restartPending: z.boolean(),
  })
  .strict();
export type TechnicianConfig = z.infer<typeof TechnicianConfigSchema>;

/** What the setup screen edits; `null` unsets central (URL and CA go together). */
export const TechnicianSetupArgsSchema = z
  .object({
    kioskId: z.string().max(64).optional(),
    office: z.string().max(120).optional(),
    mode: KioskModeSchema.optional(),
    centralUrl: z.string().max(2048).nullable().optional(),
    centralCaFile: z.string().max(4096).nullable().optional(),
  })
  .strict();
export type TechnicianSetupArgs = z.infer<typeof TechnicianSetupArgsSchema>;

export const RegisterArgsSchema = z
  .object({
    token: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/),
    force: z.boolean().optional(),
  })
  .strict();
export type RegisterArgs = z.infer<typeof RegisterArgsSchema>;

export const RegisterResultSchema = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('pass'),
      kioskId: z.string().max(64),
      tlsVersion: z.string().max(20).nullable(),
      certificate: CertificateSummarySchema,
      restartPending: z.boolean(),
    })
    .strict(),
  FailureSchema,
]);
export type RegisterResult = z.infer<typeof RegisterResultSchema>;

export const CentralTestResultSchema = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('pass'),
      central: z.string().max(2048),
      tlsVersion: z.string().max(20).nullable(),
      serverCertificate: CertificateSummarySchema.nullable(),
      clientCertificate: CertificateSummarySchema,
      roundTripMs: z.number().int().nonnegative(),
      clock: CheckLineSchema,
      certificateCheck: CheckLineSchema,
    })
    .strict(),
  FailureSchema,
]);
export type CentralTestResult = z.infer<typeof CentralTestResultSchema>;

// Health ----------------------------------------------------------------------

export const SelftestResultSchema = z
  .object({
    lines: z.array(CheckLineSchema).max(20),
    summary: z
      .object({
        selftest: z.enum(['pass', 'fail']),
        pass: z.number().int(),
        warn: z.number().int(),
        fail: z.number().int(),
        skip: z.number().int(),
        at: z.iso.datetime(),
      })
      .strict(),
  })
  .strict();
export type SelftestResult = z.infer<typeof SelftestResultSchema>;

/** Counts, ages and dead-letter reasons; never a row's contents (they are sealed to central). */
export const QueueViewSchema = z
  .object({
    pending: z.number().int().nonnegative(),
    inFlight: z.number().int().nonnegative(),
    dead: z.number().int().nonnegative(),
    oldestPending: z.object({ since: z.iso.datetime(), ageHours: z.number() }).strict().nullable(),
    maxAgeDays: z.number().int(),
    byKind: z.record(z.string().max(40), z.object({ pending: z.number().int(), dead: z.number().int() }).strict()),
    deadRows: z
      .array(
        z
          .object({
            id: z.number().int(),
            kind: z.string().max(40),
            stream: z.string().max(128),
            reason: z.string().max(200),
            attempts: z.number().int(),
            createdAt: z.iso.datetime(),
            deadAt: z.iso.datetime(),
            retryable: z.boolean(),
          })
          .strict(),
      )
      .max(100),
  })
  .strict();
export type QueueView = z.infer<typeof QueueViewSchema>;

export const RetryQueueArgsSchema = z.object({ includeDead: z.boolean() }).strict();
export const RetryQueueResultSchema = z.object({ rescheduled: z.number().int(), revived: z.number().int(), queue: QueueViewSchema }).strict();
export type RetryQueueResult = z.infer<typeof RetryQueueResultSchema>;

/**
 * Heartbeats as the Health panel shows them: when the last one was sent and
 * acknowledged (or why it failed), the alerts central derived, the
 * out-of-service state with its reasons, and central's directive if one was
 * accepted. `enabled` false: no central configured, so no heartbeats.
 */
export const HeartbeatViewSchema = z
  .object({
    enabled: z.boolean(),
    lastSentAt: z.iso.datetime().nullable(),
    lastAcknowledgedAt: z.iso.datetime().nullable(),
    lastFailure: z.string().max(100).nullable(),
    clockSkewSeconds: z.number().nullable(),
    alerts: z
      .array(
        z
          .object({
            code: z.enum(['device_down', 'queue_stale', 'dead_letters', 'clock_skew', 'certificate_expiring', 'no_heartbeat']),
            detail: z.string().max(200),
            since: z.iso.datetime(),
          })
          .strict(),
      )
      .max(100),
    outOfService: OutOfServiceSchema,
    directive: z
      .object({ outOfService: z.boolean(), office: z.string().max(300).nullable(), reason: z.string().max(200).nullable(), issuedAt: z.iso.datetime() })
      .strict()
      .nullable(),
  })
  .strict();
export type HeartbeatView = z.infer<typeof HeartbeatViewSchema>;

export const RecentEventSchema = z
  .object({
    at: z.string().max(40),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    event: z.string().max(100),
    fields: z.record(z.string().max(64), z.union([z.string().max(300), z.number(), z.boolean(), z.null()])),
  })
  .strict();
export type RecentEvent = z.infer<typeof RecentEventSchema>;
export const RecentEventsSchema = z.object({ events: z.array(RecentEventSchema).max(200) }).strict();

export const ExportTargetsSchema = z
  .object({ targets: z.array(z.object({ path: z.string().max(4096), kind: z.enum(['removable', 'kiosk']) }).strict()).max(20) })
  .strict();
export type ExportTargets = z.infer<typeof ExportTargetsSchema>;
export const ExportDiagnosticsArgsSchema = z.object({ directory: z.string().min(1).max(4096) }).strict();
export const ExportDiagnosticsResultSchema = z.discriminatedUnion('outcome', [
  z
    .object({ outcome: z.literal('pass'), bundle: z.string().max(4096), files: z.array(z.string().max(100)).max(20), selftest: z.enum(['pass', 'fail']) })
    .strict(),
  FailureSchema,
]);
export type ExportDiagnosticsResult = z.infer<typeof ExportDiagnosticsResultSchema>;
