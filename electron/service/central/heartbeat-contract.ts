/**
 * POST /v1/heartbeats as the kiosk speaks it (central/openapi.yaml): the body
 * the kiosk sends, central's answer with its alerts and, while an operator
 * has set the kiosk out of service, a signed directive. The kiosk keeps its
 * own schemas (central shares nothing with it but the OpenAPI contract); the
 * request schema checks what the kiosk builds before it leaves, the answer
 * schemas check what central says before anyone acts on it.
 */
import { z } from 'zod';
import { OUT_OF_SERVICE_REASONS, OutOfServiceReasonSchema } from '../../contract/index.ts';

export { OUT_OF_SERVICE_REASONS, type OutOfServiceReason } from '../../contract/index.ts';

const isoUtc = z.iso.datetime({ offset: false });
const count = z.number().int().nonnegative();

export const HEARTBEAT_DEVICE_STATES = ['ready', 'busy', 'not-ready', 'not-connected'] as const;
export type HeartbeatDeviceState = (typeof HEARTBEAT_DEVICE_STATES)[number];

const ERROR_CODE = /^[a-z][a-z0-9_.-]{0,63}$/;
const OUTCOME_KEY = /^[a-z][a-z0-9_-]{0,31}$/;
export const MAX_SESSION_OUTCOMES = 16;

const heartbeatDeviceSchema = z.strictObject({
  state: z.enum(HEARTBEAT_DEVICE_STATES),
  lastError: z.string().regex(ERROR_CODE).nullable(),
  since: isoUtc,
});
export type HeartbeatDevice = z.infer<typeof heartbeatDeviceSchema>;

export const heartbeatRequestSchema = z.strictObject({
  sentAt: isoUtc,
  version: z.string().min(1).max(64),
  mode: z.enum(['civil-digital', 'chileatiende']),
  intervalSeconds: z.number().int().min(10).max(86_400),
  uptimeSeconds: count,
  devices: z.strictObject({ fingerprint: heartbeatDeviceSchema, cardReader: heartbeatDeviceSchema, printer: heartbeatDeviceSchema }),
  outbox: z.strictObject({ pending: count, oldestAgeSeconds: count.nullable(), dead: count }),
  disk: z.strictObject({ freeBytes: count, totalBytes: count }),
  clockSkewSeconds: z.number().min(-1e9).max(1e9).nullable(),
  certificateNotAfter: isoUtc,
  sessions: z
    .record(z.string().regex(OUTCOME_KEY), count)
    .refine((sessions) => Object.keys(sessions).length <= MAX_SESSION_OUTCOMES, { message: `at most ${MAX_SESSION_OUTCOMES} outcomes` }),
  technicianLockouts: count,
  outOfService: z.strictObject({ active: z.boolean(), reasons: z.array(OutOfServiceReasonSchema).max(OUT_OF_SERVICE_REASONS.length) }),
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;

export const HEARTBEAT_ALERT_CODES = ['device_down', 'queue_stale', 'dead_letters', 'clock_skew', 'certificate_expiring', 'no_heartbeat'] as const;
export const heartbeatAlertSchema = z.strictObject({
  code: z.enum(HEARTBEAT_ALERT_CODES),
  detail: z.string().max(200),
  since: isoUtc,
});
export type HeartbeatAlert = z.infer<typeof heartbeatAlertSchema>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const signedDirectiveSchema = z.strictObject({
  payload: z.string().min(1).max(8192).regex(BASE64URL),
  signature: z.string().min(1).max(256).regex(BASE64URL),
  certificate: z.string().min(1).max(16_384),
});
export type SignedDirective = z.infer<typeof signedDirectiveSchema>;

export const heartbeatAnswerSchema = z.strictObject({
  receivedAt: isoUtc,
  alerts: z.array(heartbeatAlertSchema).max(100),
  directive: signedDirectiveSchema.nullable(),
});
export type HeartbeatAnswer = z.infer<typeof heartbeatAnswerSchema>;

/** What the signature covers: the payload's exact UTF-8 JSON bytes. */
export const directivePayloadSchema = z.strictObject({
  kioskId: z.string().min(1).max(64),
  heartbeatKey: z.string().min(1).max(255),
  outOfService: z.boolean(),
  office: z.string().min(1).max(300).nullable(),
  reason: z.string().min(1).max(200).nullable(),
  issuedAt: isoUtc,
});
export type DirectivePayload = z.infer<typeof directivePayloadSchema>;
