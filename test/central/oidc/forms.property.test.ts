/**
 * Parsers of untrusted input on the provider's pages, fuzzed: form posts,
 * the challenge and its nonce, Accept-Language, and CENTRAL_OIDC_CLIENTS.
 * Each answers with a value or a typed refusal, never a throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChallenge, issueChallenge, solveChallenge } from '../../../central/domain/sign-in-challenge.ts';
import { OidcConfigInvalid, oidcClientsFromEnvironment } from '../../../central/oidc/config.ts';
import { PASSWORD_MAX_LENGTH, readSignInForm, readUnlockForm } from '../../../central/oidc/forms.ts';
import { choosePageLanguage, pageTexts } from '../../../central/oidc/messages.ts';

const texts = pageTexts('es-CL');
const secret = new Uint8Array(32).fill(3);
const random = (n: number) => new Uint8Array(n).fill(1);
const formOf = (entries: [string, string][]) => new URLSearchParams(entries);
const anyForm = fc.array(
  fc.tuple(fc.constantFrom('run', 'password', 'code', 'action', 'lang', 'pow_challenge', 'pow_nonce', 'x'), fc.string({ maxLength: 300 })),
  {
    maxLength: 12,
  },
);

describe('form parsers', () => {
  it('read any sign-in post into a bounded value or field errors', () => {
    fc.assert(
      fc.property(anyForm, (entries) => {
        const read = readSignInForm(formOf(entries), texts);
        if (read.ok) {
          expect(read.value.password.length).toBeGreaterThan(0);
          expect(read.value.password.length).toBeLessThanOrEqual(PASSWORD_MAX_LENGTH);
          expect(read.value.run.length).toBeLessThanOrEqual(64);
        } else {
          expect(read.errors.length).toBeGreaterThan(0);
          expect(read.run.length).toBeLessThanOrEqual(64);
        }
      }),
    );
  });

  it('read any unlock post into an 8-digit code or a field error', () => {
    fc.assert(
      fc.property(anyForm, (entries) => {
        const read = readUnlockForm(formOf(entries), texts);
        if (read.ok && read.value.action === 'unlock') expect(read.value.code).toMatch(/^[0-9]{8}$/);
      }),
    );
  });

  it('accept a RUN and code however a person types them', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{8}$/), fc.constantFrom('', ' ', '-'), (code, separator) => {
        const typed = `${code.slice(0, 4)}${separator}${code.slice(4)}`;
        const read = readUnlockForm(
          formOf([
            ['run', '12.345.678-5'],
            ['code', typed],
          ]),
          texts,
        );
        expect(read).toEqual({ ok: true, value: { run: '12.345.678-5', code, action: 'unlock' } });
      }),
    );
  });

  it('chooses es-CL or en from any Accept-Language, and honours q-values', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), fc.string(), (lang, ui, accept) => {
        expect(['es-CL', 'en']).toContain(choosePageLanguage(lang, ui ?? undefined, accept));
      }),
    );
    expect(choosePageLanguage(null, undefined, 'fr, en;q=0.5, es;q=0.8')).toBe('es-CL');
    expect(choosePageLanguage(null, undefined, 'fr, en;q=0.9, es;q=0.8')).toBe('en');
    expect(choosePageLanguage('en', undefined, 'es')).toBe('en');
    expect(choosePageLanguage(null, 'en-US es', 'es')).toBe('en');
  });
});

describe('the proof-of-work challenge', () => {
  it('refuses any string that is not one we issued, with its solution', () => {
    const now = 1_000;
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 20 }), (challenge, nonce) => {
        expect(checkChallenge(secret, challenge, nonce, 4, now).ok).toBe(false);
      }),
    );
  });

  it('accepts its own solution, and refuses a changed character of the challenge or a lower difficulty', () => {
    const token = issueChallenge(secret, random, 8, 10_000);
    const nonce = solveChallenge(token);
    expect(checkChallenge(secret, token, nonce, 8, 0)).toEqual({ ok: true, expiresAt: 10_000 });
    expect(checkChallenge(secret, token, nonce, 8, 10_000)).toEqual({ ok: false, reason: 'expired' });
    expect(checkChallenge(secret, token, nonce, 9, 0)).toEqual({ ok: false, reason: 'too_easy' });
    expect(checkChallenge(secret, token.replace('.8.', '.1.'), nonce, 1, 0)).toEqual({ ok: false, reason: 'forged' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: token.length - 1 }), fc.constantFrom('A', 'b', '0', '_'), (index, replacement) => {
        fc.pre(token[index] !== replacement);
        const changed = token.slice(0, index) + replacement + token.slice(index + 1);
        expect(checkChallenge(secret, changed, nonce, 8, 0).ok).toBe(false);
      }),
    );
  });
});

describe('CENTRAL_OIDC_CLIENTS', () => {
  it('refuses anything that is not a valid client list with OidcConfigInvalid, never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify([v])),
        ),
        (text) => {
          try {
            const clients = oidcClientsFromEnvironment({ CENTRAL_OIDC_CLIENTS: text });
            expect(clients[0]!.client_id).toBe('municipalidad-de-ejemplo');
          } catch (error) {
            expect(error).toBeInstanceOf(OidcConfigInvalid);
          }
        },
      ),
    );
  });

  it('adds valid clients after the sample one, and names what is wrong', () => {
    const valid = { client_id: 'servicio-1', client_secret: 'x'.repeat(32), redirect_uris: ['https://servicio.example.cl/cb'] };
    expect(oidcClientsFromEnvironment({ CENTRAL_OIDC_CLIENTS: JSON.stringify([valid]) }).map((c) => c.client_id)).toEqual([
      'municipalidad-de-ejemplo',
      'servicio-1',
    ]);
    const refused = (value: unknown) => () => oidcClientsFromEnvironment({ CENTRAL_OIDC_CLIENTS: JSON.stringify(value) });
    expect(refused([{ ...valid, redirect_uris: ['http://servicio.example.cl/cb'] }])).toThrow(/redirect_uris\[0\] must be https/);
    expect(refused([{ ...valid, client_secret: 'short' }])).toThrow(/client_secret/);
    expect(refused([valid, valid])).toThrow(/configured twice/);
    expect(refused({})).toThrow(/must be a JSON array/);
    expect(() => oidcClientsFromEnvironment({ CENTRAL_OIDC_SAMPLE_REDIRECT_URIS: 'http://127.0.0.1:6000/cb' })).not.toThrow();
  });
});
