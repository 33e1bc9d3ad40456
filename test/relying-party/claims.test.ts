import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRun, runCheckDigit } from '../../common/run.ts';
import { maskEmail, maskPhone, runFromClaim, showClaims } from '../../relying-party/claims.ts';

describe('the claims page shows ClaveÚnica claims masked', () => {
  it('masks a RolUnico as the kiosk does, from a number or a string', () => {
    expect(runFromClaim({ numero: 15234871, DV: runCheckDigit(15234871), tipo: 'RUN' })).toBe(`15.234.***-${runCheckDigit(15234871)}`);
    expect(runFromClaim({ numero: '15234871', DV: runCheckDigit(15234871) })).toBe(`15.234.***-${runCheckDigit(15234871)}`);
    expect(runFromClaim({ numero: 15234871, DV: runCheckDigit(15234871) === '0' ? '1' : '0' })).toBeNull();
    expect(runFromClaim('15.234.871-1')).toBeNull();
  });

  it('masks e-mail and phone, keeping only what lets a person recognise their own', () => {
    expect(maskEmail('ambar@example.cl')).toBe('a***@example.cl');
    expect(maskEmail('@example.cl')).toBeNull();
    expect(maskEmail('no-at-sign')).toBeNull();
    expect(maskPhone('+56912345678')).toBe('+56 9 **** 5678');
    expect(maskPhone('912345678')).toBe('+56 9 **** 5678');
    expect(maskPhone('+1 202 555 0142')).toBe('*** 0142');
    expect(maskPhone('12')).toBeNull();
  });

  it('joins given names and surnames, and calls anything else missing', () => {
    expect(showClaims({ name: { nombres: ['Ámbar', 'Sintética'], apellidos: ['Prueba'] } }).name).toBe('Ámbar Sintética Prueba');
    expect(showClaims({ name: 'Ámbar' })).toEqual({ run: null, name: null, email: null, phone: null });
    expect(showClaims(null)).toEqual({ run: null, name: null, email: null, phone: null });
  });

  it('never shows a whole RUN, e-mail local part or phone number, whatever the provider sends', () => {
    const anyRun = fc.integer({ min: 1_000_000, max: 99_999_999 }).map((n) => ({ numero: n, DV: runCheckDigit(n), tipo: 'RUN' }));
    const localPart = fc.stringMatching(/^[a-z0-9._-]{3,20}$/);
    const mobile = fc.stringMatching(/^9\d{8}$/).map((digits) => `+56${digits}`);
    fc.assert(
      fc.property(anyRun, localPart, mobile, fc.anything(), (RolUnico, local, phone, noise) => {
        const email = `${local}@example.cl`;
        const shown = showClaims({ RolUnico, email, phone, name: noise, extra: noise });
        const text = Object.values(shown).join('\n');
        expect(shown.run).toMatch(/^\d{1,3}\.\*{3}-[0-9K]$|^\d{1,3}\.\d{3}\.\*{3}-[0-9K]$/);
        expect(text).not.toContain(formatRun(RolUnico.numero, RolUnico.DV));
        expect(text).not.toContain(String(RolUnico.numero));
        expect(shown.email).toBe(`${local[0]}***@example.cl`);
        expect(text).not.toContain(phone.slice(3));
      }),
    );
  });

  it('never throws on any value, and shows only strings or null', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), fc.anything(), (RolUnico, name, email, phone, whole) => {
        for (const claims of [{ RolUnico, name, email, phone }, whole]) {
          const shown = showClaims(claims);
          for (const value of Object.values(shown)) expect(value === null || (typeof value === 'string' && value.length <= 200)).toBe(true);
        }
      }),
    );
  });
});
