/**
 * The heartbeat's wire shapes (openapi.yaml: sendHeartbeat), declared once as
 * zod schemas next to their types. Strict everywhere: a kiosk sending a
 * member central does not know is a kiosk built against another contract,
 * and saying so at once beats storing half of what it meant.
 */
import { z } from 'zod';

export const DEVICE_ROLES = ['fingerprint', 'cardReader', 'printer'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];
export const DEVICE_STATES = ['ready', 'busy', 'not-ready', 'not-connected'] as const;
export type HeartbeatDeviceState = (typeof DEVICE_STATES)[number];
export const KIOSK_MODES = ['civil-digital', 'chileatiende'] as const;
export const OUT_OF_SERVICE_REASONS = ['device:fingerprint', 'device:cardReader', 'device:printer', 'central', 'storage', 'directive'] as const;
export const ALERT_CODES = ['device_down', 'queue_stale', 'dead_letters', 'clock_skew', 'certificate_expiring', 'no_heartbeat'] as const;
export type AlertCode = (typeof ALERT_CODES)[number];

export const HEARTBEAT_INTERVAL_MIN_SECONDS = 10;
export const HEARTBEAT_INTERVAL_MAX_SECONDS = 86_400;
/** Counters are integers a kiosk could plausibly reach; the cap keeps them exact in a double and in SQLite. */
const COUNT_MAX = Number.MAX_SAFE_INTEGER;
const ERROR_CODE = /^[a-z][a-z0-9_.-]{0,63}$/;
const SESSION_OUTCOME = /^[a-z][a-z0-9_-]{0,31}$/;
export const SESSION_OUTCOMES_MAX = 16;

/** UTC ISO 8601 with a Z, as Date#toISOString writes it (fractional seconds optional). */
export const isoUtcString = z.iso.datetime({ offset: false });
const count = z.int().min(0).max(COUNT_MAX);

export const deviceReportSchema = z.strictObject({
  state: z.enum(DEVICE_STATES),
  lastError: z.string().regex(ERROR_CODE).nullable(),
  since: isoUtcString,
});

export const heartbeatBodySchema = z.strictObject({
  sentAt: isoUtcString,
  version: z.string().min(1).max(64),
  mode: z.enum(KIOSK_MODES),
  intervalSeconds: z.int().min(HEARTBEAT_INTERVAL_MIN_SECONDS).max(HEARTBEAT_INTERVAL_MAX_SECONDS),
  uptimeSeconds: count,
  devices: z.strictObject({ fingerprint: deviceReportSchema, cardReader: deviceReportSchema, printer: deviceReportSchema }),
  outbox: z.strictObject({ pending: count, oldestAgeSeconds: count.nullable(), dead: count }),
  disk: z.strictObject({ freeBytes: count, totalBytes: count }),
  clockSkewSeconds: z.number().min(-1e9).max(1e9).nullable(),
  certificateNotAfter: isoUtcString,
  sessions: z
    .record(z.string().regex(SESSION_OUTCOME), count)
    .refine((sessions) => Object.keys(sessions).length <= SESSION_OUTCOMES_MAX, `at most ${SESSION_OUTCOMES_MAX} outcomes`),
  technicianLockouts: count,
  outOfService: z.strictObject({ active: z.boolean(), reasons: z.array(z.enum(OUT_OF_SERVICE_REASONS)).max(OUT_OF_SERVICE_REASONS.length) }),
});
export type HeartbeatBody = z.infer<typeof heartbeatBodySchema>;

export const kioskAlertSchema = z.strictObject({ code: z.enum(ALERT_CODES), detail: z.string(), since: isoUtcString });
export type KioskAlert = z.infer<typeof kioskAlertSchema>;

export const OFFICE_MAX_CHARS = 300;
export const REASON_MAX_CHARS = 200;

/** What the signature covers: the UTF-8 JSON of this, base64url in `payload`. */
export const directivePayloadSchema = z.strictObject({
  kioskId: z.string().min(1).max(64),
  heartbeatKey: z.string().min(1).max(255),
  outOfService: z.boolean(),
  office: z.string().min(1).max(OFFICE_MAX_CHARS).nullable(),
  reason: z.string().min(1).max(REASON_MAX_CHARS).nullable(),
  issuedAt: isoUtcString,
});
export type DirectivePayload = z.infer<typeof directivePayloadSchema>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const signedDirectiveSchema = z.strictObject({
  payload: z.string().regex(BASE64URL),
  signature: z.string().regex(BASE64URL),
  certificate: z.string().startsWith('-----BEGIN CERTIFICATE-----'),
});
export type SignedDirective = z.infer<typeof signedDirectiveSchema>;

export const heartbeatAnswerSchema = z.strictObject({
  receivedAt: isoUtcString,
  alerts: z.array(kioskAlertSchema),
  directive: signedDirectiveSchema.nullable(),
});
export type HeartbeatAnswer = z.infer<typeof heartbeatAnswerSchema>;

/** The operator's switch (POST /v1/admin/kiosks/{kioskId}/service and the CLI). */
export const kioskServiceBodySchema = z.strictObject({
  outOfService: z.boolean(),
  office: z.string().trim().min(1).max(OFFICE_MAX_CHARS).optional(),
  reason: z.string().trim().min(1).max(REASON_MAX_CHARS).optional(),
});
export type KioskServiceBody = z.infer<typeof kioskServiceBodySchema>;
