import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activationNotice, deferredFailureNotice, MESSAGE_LANGUAGES, passwordDelivery } from '../../../central/domain/messages.ts';
import { GENERATED_PASSWORD_ALPHABET, generatePassword } from '../../../central/domain/secrets.ts';
import { ustedForm } from '../../support/spanish-register.ts';

const REASONS = ['no_match', 'identity_locked', 'already_has_account', 'card_expired', 'card_blocked', 'image_unusable', 'under_age'];
const LOOK_ALIKES = /[01ilo]/;

describe('messages to the citizen', () => {
  it('speaks to the citizen as “tú” in Spanish, as the kiosk’s screens and receipt do', () => {
    const bodies = [
      ...(['email', 'sms'] as const).flatMap((channel) => [
        passwordDelivery(channel, 'x@example.cl', 'abcde-fghjk-mnpqr-stuvw', 'es-CL'),
        ...[...REASONS, 'something_else'].map((reason) => deferredFailureNotice(channel, 'x@example.cl', reason, 'es-CL')),
      ]),
      activationNotice('x@example.cl', 'es-CL'),
    ].flatMap((message) => [message.subject ?? '', message.body]);
    for (const body of bodies) expect(ustedForm(body), body).toBeNull();
  });

  it('has every message in every language, each different from the Spanish one, and the password only where it is delivered', () => {
    const spanish = (language: (typeof MESSAGE_LANGUAGES)[number]) => language === 'es-CL';
    for (const language of MESSAGE_LANGUAGES) {
      for (const channel of ['email', 'sms'] as const) {
        const delivery = passwordDelivery(channel, 'x@example.cl', 'abcde-fghjk-mnpqr-stuvw', language);
        expect(delivery.body).toContain('abcde-fghjk-mnpqr-stuvw');
        expect(delivery.body === passwordDelivery(channel, 'x@example.cl', 'abcde-fghjk-mnpqr-stuvw', 'es-CL').body).toBe(spanish(language));
        for (const reason of [...REASONS, 'something_else']) {
          const notice = deferredFailureNotice(channel, 'x@example.cl', reason, language);
          expect(notice.body.length).toBeGreaterThan(40);
          expect(notice.body === deferredFailureNotice(channel, 'x@example.cl', reason, 'es-CL').body).toBe(spanish(language));
          expect(notice.subject === undefined).toBe(channel === 'sms');
        }
      }
      expect(activationNotice('x@example.cl', language).body === activationNotice('x@example.cl', 'es-CL').body).toBe(spanish(language));
    }
    // Each refusal says its own thing; an unknown one gets the general text.
    const texts = new Set(REASONS.map((reason) => deferredFailureNotice('sms', '+56900000000', reason, 'ht').body));
    expect(texts.size).toBe(REASONS.length);
    expect(deferredFailureNotice('sms', '+56900000000', 'toString', 'en').body).toBe(deferredFailureNotice('sms', '+56900000000', 'internal', 'en').body);
  });
});

describe('generated passwords', () => {
  it('are four groups of five lower-case letters and digits, without look-alikes, drawn without bias from any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.infiniteStream(fc.uint8Array({ minLength: 64, maxLength: 64 })), (first, rest) => {
        let call = 0;
        const random = (length: number) => {
          const bytes = call++ === 0 ? first : rest.next().value;
          return Uint8Array.from({ length }, (_, i) => bytes[i % bytes.length]!);
        };
        const password = generatePassword(random);
        expect(password).toMatch(/^[^-]{5}-[^-]{5}-[^-]{5}-[^-]{5}$/);
        expect(password).not.toMatch(LOOK_ALIKES);
        expect([...password.replaceAll('-', '')].every((c) => GENERATED_PASSWORD_ALPHABET.includes(c))).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(GENERATED_PASSWORD_ALPHABET).not.toMatch(/[A-Z01ilo]/);
    expect(GENERATED_PASSWORD_ALPHABET).toHaveLength(31);
  });
});
