import type { FailureReason, SessionSnapshot, SessionStep } from '../../electron/contract/session.ts';

/** A valid snapshot; override what the test is about. */
export function snapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    revision: 1,
    sessionId: null,
    step: 'idle',
    mode: 'civil-digital',
    language: 'es-CL',
    timeZone: 'America/Santiago',
    idleDeadline: null,
    stepDeadline: null,
    busy: false,
    progress: { current: 0, total: 8 },
    error: null,
    deferred: false,
    failure: null,
    citizen: null,
    finger: null,
    guidanceSlip: null,
    contact: null,
    review: null,
    editingFromReview: false,
    passwordFailedRules: null,
    passwordOwner: null,
    activationCode: null,
    readiness: { readers: true, central: true, printer: true, outOfService: { reasons: [], office: null } },
    lock: null,
    ...overrides,
  };
}

export const SESSION_ID = '5f0c6a53-2a4e-4a8e-9d1f-3a6f3f0f9c11';

// Synthetic, as every fixture here: no real person has this name, RUN, address or number.
const CITIZEN = { firstName: 'Valentina', runMasked: '12.345.***-5' } as const;
/** Valentina Rojas Soto, RUN 12.345.678-5: what the password rules need of her. */
export const PASSWORD_OWNER = { runNumber: '12345678', nameParts: ['valentina', 'rojas', 'soto'] };
const CONTACT = { email: 'v***@correo.cl', phone: '+56 9 **** **78', passwordMethod: 'email' } as const;
const REVIEW = { email: 'valentina.sintetica@correo.cl', phone: '+56955501278' } as const;
const IDLE_DEADLINE = '2026-01-15T17:32:00.000Z';
const EXPIRES_AT = '2026-01-16T17:30:00.000Z';

/**
 * A snapshot as the service sends it on each step, with the fields that
 * step shows filled in; `failed` needs a reason (failedSnapshot).
 */
export function stepSnapshot(step: SessionStep, overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  const chileAtiende = ['email', 'phone', 'password', 'review', 'activating', 'activated', 'deferred-offer', 'deferring', 'deferred'].includes(step);
  const afterCard = !['idle', 'welcome', 'consent', 'card'].includes(step);
  const running = step !== 'idle';
  return snapshot({
    revision: 10,
    sessionId: running ? SESSION_ID : null,
    step,
    mode: chileAtiende ? 'chileatiende' : 'civil-digital',
    idleDeadline: running ? IDLE_DEADLINE : null,
    busy: ['verifying', 'issuing-code', 'printing', 'activating', 'deferring'].includes(step),
    progress: { current: running ? 3 : 0, total: 8 },
    deferred: step === 'deferring' || step === 'deferred',
    citizen: afterCard ? CITIZEN : null,
    finger: step === 'finger' ? { name: 'right-index', feedback: 'waiting', attemptsLeft: 2, enrolled: ['right-index', 'left-index'] } : null,
    passwordOwner: step === 'password' ? PASSWORD_OWNER : null,
    contact: ['phone', 'password', 'review', 'activating', 'activated', 'deferring', 'deferred'].includes(step) ? CONTACT : null,
    review: step === 'review' ? REVIEW : null,
    activationCode:
      step === 'code-on-screen'
        ? { display: 'ABCD-EFGH-JKMN', expiresAt: EXPIRES_AT }
        : step === 'code-printed'
          ? { display: null, expiresAt: EXPIRES_AT }
          : null,
    ...overrides,
  });
}

export function failedSnapshot(reason: FailureReason): SessionSnapshot {
  return stepSnapshot('failed', { failure: reason });
}
