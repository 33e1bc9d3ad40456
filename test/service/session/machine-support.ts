/**
 * Drives the pure session machine along a path in tests: a context with
 * fixed time and ids, a synthetic citizen's card facts, and `drive`, which
 * applies inputs in order (results get the op the state waits on).
 */
import { maskRun } from '../../../common/run-mask.ts';
import { passwordOwner } from '../../../common/password-rules.ts';
import type { KioskMode, SessionEvent } from '../../../electron/contract/index.ts';
import type { SessionEffect, SessionInput } from '../../../electron/service/session/session-inputs.ts';
import { type SessionContext, type SessionLimits, transition } from '../../../electron/service/session/session-machine.ts';
import { initialSessionState, type ReadCardFacts, type SessionState } from '../../../electron/service/session/session-state.ts';
import { defaultPopulation } from '../../../synthetic/index.ts';

export const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

export const LIMITS: SessionLimits = {
  idleTimeoutMs: 120_000,
  cardTimeoutMs: 90_000,
  fingerTimeoutMs: 60_000,
  entryTimeoutMs: 180_000,
  operationTimeoutMs: 20_000,
  maxCardReads: 3,
  maxFingerCaptures: 4,
};

let ids = 0;
export function context(nowMs = T0): SessionContext {
  return {
    nowMs,
    limits: LIMITS,
    languages: ['es-CL', 'en', 'ht'],
    defaultLanguage: 'es-CL',
    newSessionId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
}

const citizen = defaultPopulation().citizens.find((c) => c.scenario === 'ok')!;
export const CARD: ReadCardFacts = {
  run: citizen.run.formatted,
  runMasked: maskRun(citizen.run.formatted),
  serial: citizen.serial,
  expiry: citizen.expiryDate,
  firstName: citizen.givenNames[0]!,
  passwordOwner: passwordOwner(citizen.run.number, [...citizen.givenNames, ...citizen.surnames]),
};
/** Stands for a base64 ISO/IEC 19794-4 record: the machine only carries it. */
export const FINGER_IMAGE = Buffer.from('synthetic-finger-image-record').toString('base64');
export const TOKEN = 'A'.repeat(43);

/** Inputs that need the current op get it filled in: pass `op: -1`. */
type Step = SessionInput | SessionEvent;

export function isEvent(step: Step): step is SessionEvent {
  return !['start', 'cancel', 'idle-timeout', 'step-timeout', 'fingers.enrolled'].includes(step.type) && !('op' in step);
}

export interface Driven {
  state: SessionState;
  effects: SessionEffect[];
}

/** Applies each step; throws on a refusal, so a path that stops working fails loudly. */
export function drive(mode: KioskMode, steps: readonly Step[], from?: SessionState): Driven {
  let state = from ?? initialSessionState(mode, 'es-CL');
  const effects: SessionEffect[] = [];
  for (const step of steps) {
    const input: SessionInput = isEvent(step)
      ? { type: 'event', event: step }
      : 'op' in step && step.op === -1
        ? ({ ...step, op: state.op } as SessionInput)
        : step;
    const result = transition(state, input, context());
    if (!result.ok) throw new Error(`${input.type} refused in ${state.step}: ${result.error.code}`);
    state = result.value.state;
    effects.push(...result.value.effects);
  }
  return { state, effects };
}

export const TO_CARD: Step[] = [{ type: 'start', language: 'en', storageFull: false }, { type: 'continue' }, { type: 'consent.accept' }];
export const TO_FINGER: Step[] = [...TO_CARD, { type: 'card.read', op: -1, card: CARD }];
export const TO_VERIFYING: Step[] = [...TO_FINGER, { type: 'finger.captured', op: -1, capture: { finger: 'right-index', fingerImage: FINGER_IMAGE } }];
export const MATCHED: Step = { type: 'verify.matched', op: -1, token: TOKEN, expiresAtMs: T0 + 600_000, attemptsLeft: 3 };
export const TO_EMAIL: Step[] = [...TO_VERIFYING, MATCHED];
export const TO_REVIEW: Step[] = [
  ...TO_EMAIL,
  { type: 'email.submit', email: 'persona.sintetica@example.cl', confirmation: 'Persona.Sintetica@example.cl' },
  { type: 'phone.submit', phone: '9 1234 5678' },
  { type: 'password.generate', channel: 'email' },
];
export const TO_DEFERRED_REVIEW: Step[] = [
  ...TO_VERIFYING,
  { type: 'verify.unavailable', op: -1 },
  { type: 'deferred.accept' },
  { type: 'email.submit', email: 'persona.sintetica@example.cl', confirmation: 'persona.sintetica@example.cl' },
  { type: 'phone.submit', phone: '+56 9 1234 5678' },
  { type: 'password.generate', channel: 'sms' },
];
