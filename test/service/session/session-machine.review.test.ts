/**
 * Issue 14 §2, confirm before sending: the review step reads the e-mail and
 * phone back in full, each can be corrected on its own step and the flow
 * comes straight back to the review; nothing is sent before `review.confirm`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeChileanMobile, normalizeEmail } from '../../../common/contact.ts';
import { SessionSnapshotSchema } from '../../../electron/contract/index.ts';
import { ReviewContactSchema, ReviewEmailSchema, ReviewPhoneSchema } from '../../../electron/contract/session.ts';
import type { SessionEffect } from '../../../electron/service/session/session-inputs.ts';
import { transition } from '../../../electron/service/session/session-machine.ts';
import { toSnapshot } from '../../../electron/service/session/session-snapshot.ts';
import { context, drive, TO_DEFERRED_REVIEW, TO_EMAIL, TO_REVIEW } from './machine-support.ts';

const ZONE = 'America/Santiago';
/** Effects that reach central or the citizen (activation, deferred bundle, code, receipt). */
const SENDING: ReadonlySet<SessionEffect['type']> = new Set(['activate', 'defer', 'issue-code', 'print-receipt']);
const sent = (effects: readonly SessionEffect[]) => effects.filter((e) => SENDING.has(e.type));

describe('session machine: the review reads the contact back in full', () => {
  it('shows the e-mail and phone in full on the review step, masked everywhere else', () => {
    const review = toSnapshot(drive('chileatiende', TO_REVIEW).state, ZONE);
    expect(review).toMatchObject({
      step: 'review',
      review: { email: 'persona.sintetica@example.cl', phone: '+56912345678' },
      contact: { email: 'p***@example.cl', phone: '+56 9 **** **78' },
    });
    const password = toSnapshot(drive('chileatiende', TO_REVIEW.slice(0, -1)).state, ZONE);
    expect(password.step).toBe('password');
    expect(password.review).toBeNull();
    expect(JSON.stringify(password)).not.toContain('persona.sintetica@');
    expect(JSON.stringify(password)).not.toContain('12345678');
  });

  it('drops the full contact as soon as the session leaves the review, whichever way', () => {
    const review = drive('chileatiende', TO_REVIEW).state;
    for (const event of [{ type: 'back' }, { type: 'review.editEmail' }, { type: 'review.editPhone' }, { type: 'review.confirm' }] as const) {
      const left = drive('chileatiende', [event], review).state;
      expect(left.step, event.type).not.toBe('review');
      expect(toSnapshot(left, ZONE).review, event.type).toBeNull();
    }
  });
});

describe('session machine: correcting a datum from the review', () => {
  it('edit phone → phone step → submit returns straight to the review with the new number, nothing sent', () => {
    const review = drive('chileatiende', TO_REVIEW).state;
    const editing = drive('chileatiende', [{ type: 'review.editPhone' }], review);
    expect(editing.state.step).toBe('phone');
    expect(toSnapshot(editing.state, ZONE)).toMatchObject({ step: 'phone', editingFromReview: true, review: null });
    const back = drive('chileatiende', [{ type: 'phone.submit', phone: '9 8765 4321' }], editing.state);
    expect(back.state).toMatchObject({ step: 'review', phone: '+56987654321', passwordMethod: 'email', returnToReview: false });
    expect(toSnapshot(back.state, ZONE)).toMatchObject({ review: { phone: '+56987654321' }, editingFromReview: false });
    expect(sent([...editing.effects, ...back.effects])).toEqual([]);
  });

  it('edit e-mail → e-mail step → submit (typed twice) returns straight to the review, the phone and password kept', () => {
    const review = drive('chileatiende', TO_REVIEW).state;
    const { state, effects } = drive(
      'chileatiende',
      [{ type: 'review.editEmail' }, { type: 'email.submit', email: 'otra.persona@example.cl', confirmation: 'otra.persona@example.cl' }],
      review,
    );
    expect(state).toMatchObject({ step: 'review', email: 'otra.persona@example.cl', phone: '+56912345678', passwordMethod: 'email' });
    expect(sent(effects)).toEqual([]);
  });

  it('a typed password survives a correction and is sent once, with the corrected number', () => {
    const { state, effects } = drive('chileatiende', [
      ...TO_EMAIL,
      { type: 'email.submit', email: 'a@example.cl', confirmation: 'a@example.cl' },
      { type: 'phone.submit', phone: '912345678' },
      { type: 'password.submit', password: 'synthetic passphrase 42' },
      { type: 'review.editPhone' },
      { type: 'phone.submit', phone: '912345679' },
      { type: 'review.confirm' },
    ]);
    expect(state.step).toBe('activating');
    const activations = effects.filter((e) => e.type === 'activate');
    expect(activations).toHaveLength(1);
    expect(activations[0]).toMatchObject({ phone: '+56912345679', password: { typed: 'synthetic passphrase 42' } });
  });

  it('going back from a step opened by an edit returns to the review unchanged', () => {
    const review = drive('chileatiende', TO_REVIEW).state;
    for (const edit of [{ type: 'review.editEmail' }, { type: 'review.editPhone' }] as const) {
      const { state } = drive('chileatiende', [edit, { type: 'back' }], review);
      expect(state, edit.type).toMatchObject({ step: 'review', email: review.email, phone: review.phone, returnToReview: false });
    }
  });

  it('an invalid correction stays on the step with its error, still returning to the review', () => {
    const review = drive('chileatiende', TO_REVIEW).state;
    const { state } = drive('chileatiende', [{ type: 'review.editPhone' }, { type: 'phone.submit', phone: '2 2345 6789' }], review);
    expect(state).toMatchObject({ step: 'phone', error: 'session.phone_invalid', returnToReview: true, phone: '+56912345678' });
  });

  it('outside an edit the flow is unchanged: phone → password, back from phone → e-mail', () => {
    const phone = drive('chileatiende', TO_REVIEW.slice(0, -2)).state;
    expect(phone.step).toBe('phone');
    expect(drive('chileatiende', [{ type: 'phone.submit', phone: '912345678' }], phone).state.step).toBe('password');
    expect(drive('chileatiende', [{ type: 'back' }], phone).state.step).toBe('email');
    expect(toSnapshot(phone, ZONE).editingFromReview).toBe(false);
  });

  it('edits are refused on every step but the review', () => {
    for (const path of [TO_EMAIL, TO_REVIEW.slice(0, -2), TO_REVIEW.slice(0, -1)]) {
      const state = drive('chileatiende', path).state;
      for (const type of ['review.editEmail', 'review.editPhone'] as const) {
        const result = transition(state, { type: 'event', event: { type } }, context());
        expect(result.ok ? 'moved' : result.error.code, `${state.step} × ${type}`).toBe('session.event_not_allowed');
      }
    }
  });

  it('offline: deferred offer → e-mail → phone → password → review → edit phone → review → deferring, one bundle to the corrected number', () => {
    const review = drive('chileatiende', TO_DEFERRED_REVIEW);
    expect(review.state).toMatchObject({ step: 'review', deferred: true });
    expect(sent(review.effects)).toEqual([]);
    expect(toSnapshot(review.state, ZONE).review).toEqual({ email: 'persona.sintetica@example.cl', phone: '+56912345678' });
    const corrected = drive('chileatiende', [{ type: 'review.editPhone' }, { type: 'phone.submit', phone: '+56 9 1234 5670' }], review.state);
    expect(corrected.state).toMatchObject({ step: 'review', deferred: true, phone: '+56912345670' });
    expect(sent(corrected.effects)).toEqual([]);
    const { state, effects } = drive('chileatiende', [{ type: 'review.confirm' }], corrected.state);
    expect(state.step).toBe('deferring');
    expect(sent(effects)).toEqual([expect.objectContaining({ type: 'defer', phone: '+56912345670', generate: 'sms' })]);
  });
});

describe('contract: the review read-back', () => {
  const review = toSnapshot(drive('chileatiende', TO_REVIEW).state, ZONE);

  it('accepts the full contact on the review step only', () => {
    expect(SessionSnapshotSchema.safeParse(review).success).toBe(true);
    for (const step of ['email', 'phone', 'password', 'activating', 'idle'] as const)
      expect(SessionSnapshotSchema.safeParse({ ...review, step }).success, step).toBe(false);
  });

  it('accepts only contact data in the service’s own normalized form', () => {
    const withContact = (contact: object) => SessionSnapshotSchema.safeParse({ ...review, review: contact }).success;
    expect(withContact({ email: 'otra.persona@example.cl', phone: '+56987654321' })).toBe(true);
    for (const bad of [
      { email: 'Persona@Example.cl', phone: '+56912345678' },
      { email: 'not-an-address', phone: '+56912345678' },
      { email: 'persona@example.cl', phone: '+56 9 **** **78' },
      { email: 'persona@example.cl', phone: '912345678' },
      { email: 'persona@example.cl', phone: '+56221234567' },
      { email: 'persona@example.cl', phone: '+56912345678', name: 'extra' },
    ])
      expect(withContact(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('contract: the review read-back, for any input', () => {
  it('accepts an e-mail exactly when the service’s rules leave it as it is', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string({ maxLength: 300 })), (text) => {
        expect(ReviewEmailSchema.safeParse(text).success).toBe(normalizeEmail(text) === text);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts a phone exactly when it is a Chilean mobile in E.164, never a masked or spaced one', () => {
    const typed = fc.stringMatching(/^\+?(?:56)? ?9 ?[0-9*]{4} ?[0-9*]{4}$/);
    fc.assert(
      fc.property(fc.oneof(typed, fc.string({ maxLength: 20 })), (text) => {
        const accepted = ReviewPhoneSchema.safeParse(text).success;
        expect(accepted).toBe(normalizeChileanMobile(text) === text);
        if (accepted) expect(text).toMatch(/^\+569\d{8}$/);
        const normalized = normalizeChileanMobile(text);
        if (normalized !== null) expect(ReviewContactSchema.safeParse({ email: 'a@example.cl', phone: normalized }).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
