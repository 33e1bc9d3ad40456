/**
 * The enrollment API's HTTP layer: each route validates the body against the
 * same shape openapi.yaml declares (zod, strict: unknown fields are refused),
 * adds the kiosk id from the mTLS certificate, passes the Idempotency-Key
 * header as the domain's idempotency request, and maps the Outcome to JSON
 * or to an RFC 9457 problem with the domain's stable code.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type CentralDomain, type DomainError, type IdempotencyRequest, type MessageChannel, type Outcome } from '../domain/index.ts';
import { failed, succeeded } from '../domain/errors.ts';
import { idempotent } from '../domain/context.ts';
import { messageLanguageSchema } from '../domain/messages.ts';
import { FINGER_NAMES } from '../../common/fingers.ts';
import { openSealed, type HpkeKeyPair } from '../pki/hpke.ts';
import { problem, type Problem } from '../server/problem.ts';
import { validateBody } from '../server/request-body.ts';
import { html, json, publicRoute, route, type CentralResponse, type KioskRequest, type PublicRequest, type RouteDefinition } from '../server/router.ts';
import { auditSubjectAad, auditSubjectRun, type KioskAuditRecord, KioskRecords } from './kiosk-records.ts';
import { activationDonePage, activationFormPage, type FormError, mailboxPage, PAGE_HEADERS } from './pages.ts';
import { webClientId } from './web-client.ts';
import { heartbeatBodySchema, kioskServiceBodySchema } from './heartbeat-wire.ts';
import { KioskFleet } from './kiosk-fleet.ts';
import { fleetRoutes } from './fleet-routes.ts';
import type { DirectiveSigner } from '../pki/directive-signing.ts';
import { isValidKioskId } from '../pki/certificates.ts';

export interface CentralApiOptions {
  domain: CentralDomain;
  /** Who may call the admin endpoints: by default kiosk ids starting with `admin-` (an operator workstation's certificate). */
  isAdmin?: (kioskId: string) => boolean;
  /**
   * Serve the development mailbox (JSON and page), which shows generated passwords to whoever asks. Sandbox only:
   * main.ts turns it on with CENTRAL_DEV_MAILBOX=1, which the development sandbox `npm start` embeds sets.
   */
  devMailbox?: boolean;
  /** The server's HPKE key pair (CentralServer.pki.hpke): enables POST /v1/deferred-enrollments, which opens sealed bundles. */
  hpke?: HpkeKeyPair;
  /** Signs the out-of-service directives heartbeat answers carry (CentralServer.pki.directive); without it answers carry none. */
  directiveSigner?: DirectiveSigner;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const base64Bytes = (field: string, maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .regex(BASE64, `${field} must be standard base64`)
    .transform((text) => new Uint8Array(Buffer.from(text, 'base64')));
/** The wire's caps (openapi.yaml): an ISO/IEC 19794-4 image record and an ISO/IEC 19794-2 template, base64. */
export const FINGER_IMAGE_MAX_CHARS = 700_000;
export const TEMPLATE_MAX_CHARS = 8192;
/** Room for the largest image plus the other members of the body. */
const VERIFICATION_BODY_LIMIT_BYTES = FINGER_IMAGE_MAX_CHARS + 16 * 1024;
/** A sealed version 2 bundle: the image's characters, the other members, HPKE overhead, base64url (4/3), JSON. */
export const SEALED_BUNDLE_MAX_CHARS = 1_000_000;

export const verificationBody = z
  .strictObject({
    run: z.string().max(20),
    cardSerial: z.string().max(20).optional(),
    cardExpiry: z.string().max(10).optional(),
    finger: z.union([z.enum(FINGER_NAMES), z.int().min(1).max(10)]),
    fingerImage: base64Bytes('fingerImage', FINGER_IMAGE_MAX_CHARS).optional(),
    template: base64Bytes('template', TEMPLATE_MAX_CHARS).optional(),
  })
  .refine((body) => (body.fingerImage === undefined) !== (body.template === undefined), {
    message: 'send exactly one of fingerImage and template',
    path: ['fingerImage'],
  });
export const enrolledFingersBody = z.strictObject({ run: z.string().max(20), cardSerial: z.string().max(20), cardExpiry: z.string().max(10).optional() });
export const activationCodeBody = z.strictObject({ verificationToken: z.string().max(64), run: z.string().max(20).optional() });
export const oneStepBody = z.strictObject({
  verificationToken: z.string().max(64),
  run: z.string().max(20).optional(),
  email: z.string().max(254),
  phone: z.string().max(32),
  password: z.string().max(1024).optional(),
  generate: z.enum(['email', 'sms']).optional(),
  language: messageLanguageSchema.optional(),
});
/** The sealed bundle: the envelope of central/pki/hpke.ts, base64url; the bundle inside is deferredBundleSchema (domain/deferred-enrollment.ts). */
export const deferredEnrollmentBody = z.strictObject({ sealed: z.string().min(1).max(SEALED_BUNDLE_MAX_CHARS), keyId: z.string().max(64).optional() });
export const unlockBody = z.strictObject({ run: z.string().max(20) });
export const auditBatchBody = z.strictObject({
  events: z
    .array(
      z.strictObject({
        eventId: z.string().min(1).max(64),
        at: z.iso.datetime(),
        type: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/),
        outcome: z.string().min(1).max(64),
        detail: z.record(z.string().max(64), z.union([z.string().max(256), z.number(), z.boolean(), z.null()])).optional(),
        /** The person's RUN sealed to central (kiosk-records.ts: auditSubjectAad), base64url. */
        subject: z
          .string()
          .min(1)
          .max(512)
          .regex(/^[A-Za-z0-9_-]+$/, 'subject must be base64url')
          .optional(),
      }),
    )
    .min(1)
    .max(500),
});

/** The domain's error as the transport's Problem (same `type` URN scheme, code and extensions). */
function toProblem(error: DomainError): Problem {
  const { code: _c, status: _s, title: _t, detail: _d, ...extensions } = error.toProblem();
  const retry = typeof extensions.retryAfterSeconds === 'number' ? { 'retry-after': String(extensions.retryAfterSeconds) } : undefined;
  return problem(error.status, error.code, error.title, error.detail, { extensions, ...(retry && { headers: retry }) });
}

function respond<T>(outcome: Outcome<T>): CentralResponse {
  if (!outcome.ok) throw toProblem(outcome.error);
  return json(outcome.status, outcome.value, outcome.replayed ? { 'idempotent-replayed': 'true' } : {});
}

/** RFC draft: the key is an sf-string; kiosks send it bare or quoted. */
function idempotencyOf(request: KioskRequest, body: unknown): IdempotencyRequest {
  const header = request.headers['idempotency-key'];
  const raw = Array.isArray(header) ? header[0] : header;
  const key = raw === undefined ? undefined : raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  return { clientId: request.kiosk.kioskId, method: request.method, path: request.path, key, body };
}

const FORM_MESSAGES: Readonly<Record<string, FormError>> = {
  activation_code_wrong: { field: 'code', message: 'El RUN y el código de activación no coinciden. Revisa ambos.' },
  activation_code_expired: { field: 'code', message: 'El código de activación venció. Pide uno nuevo en un tótem.' },
  activation_code_used: { field: 'code', message: 'Este código de activación ya fue usado.' },
  already_has_account: { field: '', message: 'Esta persona ya tiene ClaveÚnica.' },
  password_rejected: { field: 'password', message: 'La clave no cumple las reglas indicadas.' },
};
const FIELD_MESSAGES: Readonly<Record<string, FormError>> = {
  run: { field: 'run', message: 'Ingresa un RUN válido, con su dígito verificador.' },
  code: { field: 'code', message: 'El código tiene 12 caracteres (letras y números).' },
  email: { field: 'email', message: 'Ingresa un correo electrónico válido.' },
  phone: { field: 'phone', message: 'Ingresa un móvil chileno: +56 9 y 8 dígitos.' },
  password: { field: 'password', message: 'Ingresa una clave.' },
};

function formErrors(error: DomainError): FormError[] {
  if (error.code === 'invalid_input') {
    const field = typeof error.extensions.field === 'string' ? error.extensions.field : '';
    return [FIELD_MESSAGES[field] ?? { field: '', message: 'Revisa los datos ingresados.' }];
  }
  if (error.code === 'idempotency_key_reused' || error.code === 'idempotency_request_in_flight')
    return [{ field: '', message: 'El formulario ya fue enviado. Revisa los datos y vuelve a enviarlo.' }];
  if (error.code === 'rate_limited') {
    const wait = waitInSpanish(Number(error.extensions.retryAfterSeconds) || 60);
    return [{ field: '', message: `Demasiados intentos fallidos desde esta conexión. Espera ${wait} y vuelve a intentarlo.` }];
  }
  return [FORM_MESSAGES[error.code] ?? { field: '', message: 'No pudimos activar tu ClaveÚnica. Inténtalo de nuevo más tarde.' }];
}

function waitInSpanish(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 segundo' : `${seconds} segundos`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minuto' : `${minutes} minutos`;
}

/** Every HTML answer: the same security headers, which a caller cannot override. */
function page(status: number, markup: string, headers: Record<string, string> = {}): CentralResponse {
  return html(status, markup, { ...headers, ...PAGE_HEADERS });
}

type AuditBatchEvent = z.output<typeof auditBatchBody>['events'][number];

/**
 * Opens each record's sealed subject (AAD: the kiosk of the certificate and
 * the record's eventId) and keeps only the canonical RUN. Without the HPKE key
 * (a server started without it) no subject can be opened.
 */
async function openAuditSubjects(events: readonly AuditBatchEvent[], kioskId: string, hpke: HpkeKeyPair | undefined): Promise<Outcome<KioskAuditRecord[]>> {
  const records: KioskAuditRecord[] = [];
  for (const [index, { subject, ...event }] of events.entries()) {
    if (subject === undefined) {
      records.push(event);
      continue;
    }
    const field = `events.${index}.subject`;
    let plaintext: Uint8Array;
    try {
      if (!hpke) throw new Error('no HPKE key');
      plaintext = await openSealed(hpke.privateKey, subject, auditSubjectAad(kioskId, event.eventId));
    } catch {
      return failed('sealed_payload_invalid', `${field} could not be opened`, { field });
    }
    const run = auditSubjectRun(plaintext);
    if (run === undefined) return failed('invalid_input', `${field}: the opened subject is not {"run": a valid RUN}`, { field });
    records.push({ ...event, run });
  }
  return succeeded(records);
}

export function centralApiRoutes(options: CentralApiOptions): RouteDefinition[] {
  const { domain } = options;
  const isAdmin = options.isAdmin ?? ((kioskId: string) => kioskId.startsWith('admin-'));
  const records = new KioskRecords(domain.context.db);
  const fleet = new KioskFleet(domain.context.db, options.directiveSigner);
  const policy = domain.passwordPolicy();
  const passwordHint = `Entre ${policy.minLength} y ${policy.maxLength} caracteres. No uses claves comunes, tu RUN ni tus nombres. Puedes usar frases.`;
  const newFormKey = () => randomBytes(18).toString('base64url');

  const routes: RouteDefinition[] = [
    route(
      'POST',
      '/v1/identity-verifications',
      async (request) => {
        const body = validateBody(verificationBody, request.body);
        return respond(await domain.verifyIdentity({ ...body, kioskId: request.kiosk.kioskId }, idempotencyOf(request, request.body)));
      },
      { bodyLimitBytes: VERIFICATION_BODY_LIMIT_BYTES },
    ),
    route('POST', '/v1/enrolled-fingers', async (request) => {
      const body = validateBody(enrolledFingersBody, request.body);
      return respond(await domain.enrolledFingers({ ...body, kioskId: request.kiosk.kioskId }, idempotencyOf(request, request.body)));
    }),
    route('POST', '/v1/activation-codes', async (request) => {
      const body = validateBody(activationCodeBody, request.body);
      return respond(await domain.issueActivationCode({ ...body, kioskId: request.kiosk.kioskId }, idempotencyOf(request, request.body)));
    }),
    route('POST', '/v1/activations/one-step', async (request) => {
      const body = validateBody(oneStepBody, request.body);
      return respond(await domain.activateOneStep({ ...body, kioskId: request.kiosk.kioskId }, idempotencyOf(request, request.body)));
    }),
    route('POST', '/v1/admin/identity-unlocks', async (request) => {
      if (!isAdmin(request.kiosk.kioskId)) throw problem(403, 'admin_required', 'This operation needs an operator certificate');
      const body = validateBody(unlockBody, request.body);
      return respond(await domain.unlockIdentity({ run: body.run, operatorId: request.kiosk.kioskId }, idempotencyOf(request, request.body)));
    }),
    route('GET', '/v1/password-policy', () => json(200, policy)),
    route('POST', '/v1/heartbeats', async (request) => {
      // Garbage is 422, not the transport's 400: the JSON parsed, it just is not a heartbeat (the kiosk should not resend it).
      const body = validateBody(heartbeatBodySchema, request.body, 422);
      const idempotency = idempotencyOf(request, request.body);
      const outcome = await idempotent(domain.context, idempotency, (commit) =>
        commit(() => succeeded(fleet.recordHeartbeat(request.kiosk.kioskId, idempotency.key!, body, domain.context.clock()))),
      );
      return respond(outcome);
    }),
    route('POST', '/v1/admin/kiosks/:kioskId/service', async (request) => {
      if (!isAdmin(request.kiosk.kioskId)) throw problem(403, 'admin_required', 'This operation needs an operator certificate');
      const kioskId = request.params.kioskId!;
      if (!isValidKioskId(kioskId) || !fleet.isKnown(kioskId)) throw problem(404, 'not_found', 'No such kiosk');
      const body = validateBody(kioskServiceBodySchema, request.body, 422);
      const outcome = await idempotent(domain.context, idempotencyOf(request, request.body), (commit) =>
        commit(() => {
          const state = fleet.setService(kioskId, body, request.kiosk.kioskId, domain.context.clock());
          return succeeded({
            kioskId,
            outOfService: state.outOfService,
            office: state.office,
            reason: state.reason,
            setAt: new Date(state.setAt).toISOString(),
          });
        }),
      );
      return respond(outcome);
    }),
    ...fleetRoutes({ fleet, isAdmin, clock: domain.context.clock }),
    route('POST', '/v1/audit-events', async (request) => {
      const body = validateBody(auditBatchBody, request.body);
      const kioskId = request.kiosk.kioskId;
      const outcome = await idempotent(domain.context, idempotencyOf(request, request.body), async (commit) => {
        // Every subject is opened before anything is stored: one that does not open refuses the whole batch (nothing stored, the key released).
        const opened = await openAuditSubjects(body.events, kioskId, options.hpke);
        if (!opened.ok) return opened;
        return commit(() => {
          const stored = records.recordAuditBatch(kioskId, opened.value, domain.context.clock());
          return succeeded({ received: body.events.length, stored }, 200);
        });
      });
      return respond(outcome);
    }),
    publicRoute('GET', '/activar', () => page(200, activationFormPage({ formKey: newFormKey(), passwordHint }))),
    publicRoute(
      'POST',
      '/activar',
      async (request: PublicRequest) => {
        const form = request.body as URLSearchParams;
        const input = {
          run: form.get('run') ?? '',
          code: form.get('code') ?? '',
          email: form.get('email') ?? '',
          phone: form.get('phone') ?? '',
          password: form.get('password') ?? '',
        };
        const clientId = webClientId(request.raw.socket.remoteAddress);
        const formKey = form.get('formKey') ?? undefined;
        // A double-click or a resent form replays the first answer instead of spending the code twice.
        const idempotency: IdempotencyRequest = { clientId: 'web-form', method: 'POST', path: '/activar', key: formKey, body: input };
        const outcome = await domain.activateWithCode({ ...input, clientId }, formKey === undefined ? undefined : idempotency);
        if (outcome.ok) return page(outcome.status, activationDonePage(outcome.value.email));
        const values = { run: input.run, email: input.email, phone: input.phone };
        const wait = outcome.error.extensions.retryAfterSeconds;
        const headers: Record<string, string> = typeof wait === 'number' ? { 'retry-after': String(wait) } : {};
        return page(outcome.error.status, activationFormPage({ formKey: newFormKey(), values, errors: formErrors(outcome.error), passwordHint }), headers);
      },
      { body: 'form', bodyLimitBytes: 8 * 1024 },
    ),
  ];

  const { hpke } = options;
  if (hpke) {
    routes.push(
      route(
        'POST',
        '/v1/deferred-enrollments',
        async (request) => {
          const body = validateBody(deferredEnrollmentBody, request.body);
          // keyId is advisory (a kiosk records which key sealed a row); a bundle sealed to a rotated-out key fails to open like any other.
          const open = (aad: Uint8Array) => openSealed(hpke.privateKey, body.sealed, aad);
          return respond(await domain.enrollDeferred({ kioskId: request.kiosk.kioskId, open }, idempotencyOf(request, request.body)));
        },
        { bodyLimitBytes: SEALED_BUNDLE_MAX_CHARS + 1024 },
      ),
    );
  }

  if (options.devMailbox) {
    const filter = (query: URLSearchParams): { recipient?: string; channel?: MessageChannel; limit: number } => {
      const channel = query.get('channel');
      const limit = Number(query.get('limit') ?? 50);
      return {
        ...(query.get('recipient') ? { recipient: query.get('recipient')! } : {}),
        ...(channel === 'email' || channel === 'sms' ? { channel } : {}),
        limit: Number.isInteger(limit) && limit > 0 ? limit : 50,
      };
    };
    routes.push(
      publicRoute('GET', '/dev/mailbox', (request) => json(200, { messages: domain.messages(filter(request.query)) })),
      publicRoute('GET', '/dev/mailbox.html', (request) => page(200, mailboxPage(domain.messages(filter(request.query))))),
    );
  }
  return routes;
}

export { KioskRecords };
