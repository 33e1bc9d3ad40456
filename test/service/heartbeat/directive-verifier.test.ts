import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyDirective } from '../../../electron/service/heartbeat/directive-verifier.ts';
import { x509 } from '../../../central/pki/x509.ts';
import { directivePayload, type DirectiveSigner, directiveSigner, signDirective, type TestCa, testCa } from './directive-fixtures.ts';

const KEY = '00000000-0000-4000-8000-000000000000';
let ca: TestCa;
let otherCa: TestCa;
let signer: DirectiveSigner;
const check = () => ({ trustedCaPem: ca.pem, kioskId: 'kiosk-hb-01', heartbeatKey: KEY, nowMs: Date.now() });

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([testCa(), testCa()]);
  signer = await directiveSigner(ca);
}, 30_000);

describe('verifyDirective', () => {
  it('accepts a directive signed by central’s signing certificate, for this kiosk and the heartbeat just sent', () => {
    const verdict = verifyDirective(signDirective(signer, directivePayload()), check());
    expect(verdict).toEqual({ ok: true, payload: directivePayload({ issuedAt: verdict.ok ? verdict.payload.issuedAt : '' }) });
  });

  it('refuses a signing certificate issued by another CA', async () => {
    const stranger = await directiveSigner(otherCa);
    expect(verifyDirective(signDirective(stranger, directivePayload()), check())).toEqual({ ok: false, code: 'directive.certificate_untrusted' });
  });

  it('refuses an expired signing certificate, and one not yet valid', async () => {
    const day = 86_400_000;
    const expired = await directiveSigner(ca, { notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day) });
    expect(verifyDirective(signDirective(expired, directivePayload()), check())).toEqual({ ok: false, code: 'directive.certificate_not_valid_now' });
    const future = await directiveSigner(ca, { notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 10 * day) });
    expect(verifyDirective(signDirective(future, directivePayload()), check())).toEqual({ ok: false, code: 'directive.certificate_not_valid_now' });
  });

  it('refuses a certificate from the right CA made for something else (another CN)', async () => {
    const server = await directiveSigner(ca, { commonName: 'localhost' });
    expect(verifyDirective(signDirective(server, directivePayload()), check())).toEqual({ ok: false, code: 'directive.certificate_wrong_subject' });
  });

  it('refuses a certificate from the right CA whose key usage does not allow signatures, or that states none', async () => {
    for (const keyUsage of [x509.KeyUsageFlags.keyEncipherment, null]) {
      const other = await directiveSigner(ca, { keyUsage });
      expect(verifyDirective(signDirective(other, directivePayload()), check())).toEqual({ ok: false, code: 'directive.certificate_wrong_usage' });
    }
  });

  it('refuses a signature that does not cover the payload bytes (one changed field, a re-serialised payload, another key)', async () => {
    const signed = signDirective(signer, directivePayload());
    const lifted = Buffer.from(JSON.stringify(directivePayload({ outOfService: false })), 'utf8').toString('base64url');
    expect(verifyDirective({ ...signed, payload: lifted }, check())).toEqual({ ok: false, code: 'directive.signature_invalid' });
    const spaced = Buffer.from(JSON.stringify(directivePayload(), null, 1), 'utf8').toString('base64url');
    expect(verifyDirective({ ...signed, payload: spaced }, check())).toEqual({ ok: false, code: 'directive.signature_invalid' });
    const other = await directiveSigner(ca);
    const wrongKey = { ...signDirective(other, directivePayload()), certificate: signer.certificatePem };
    expect(verifyDirective(wrongKey, check())).toEqual({ ok: false, code: 'directive.signature_invalid' });
    expect(verifyDirective({ ...signed, signature: signed.signature.slice(4) }, check())).toEqual({ ok: false, code: 'directive.signature_invalid' });
  });

  it('refuses a directive for another kiosk', () => {
    expect(verifyDirective(signDirective(signer, directivePayload({ kioskId: 'kiosk-hb-02' })), check())).toEqual({ ok: false, code: 'directive.other_kiosk' });
  });

  it('refuses a directive answering another heartbeat (a replayed answer)', () => {
    const replayed = signDirective(signer, directivePayload({ heartbeatKey: '11111111-1111-4111-8111-111111111111' }));
    expect(verifyDirective(replayed, check())).toEqual({ ok: false, code: 'directive.replayed' });
  });

  it('refuses signed bytes that are not the payload the contract describes', () => {
    for (const bytes of [new Uint8Array([0xff, 0xfe]), new TextEncoder().encode('{"kioskId":"kiosk-hb-01"}'), new TextEncoder().encode('[]')])
      expect(verifyDirective(signDirective(signer, bytes), check())).toEqual({ ok: false, code: 'directive.payload_invalid' });
  });

  it('refuses an unreadable certificate', () => {
    const signed = signDirective(signer, directivePayload());
    expect(verifyDirective({ ...signed, certificate: 'not a certificate' }, check())).toEqual({ ok: false, code: 'directive.certificate_unreadable' });
  });

  it('never throws and never accepts on arbitrary payload and signature text', () => {
    const signed = signDirective(signer, directivePayload());
    fc.assert(
      fc.property(fc.base64String(), fc.base64String(), (payload, signature) => {
        const verdict = verifyDirective({ ...signed, payload: payload.replace(/=+$/, '') || 'AA', signature: signature.replace(/=+$/, '') || 'AA' }, check());
        return !verdict.ok;
      }),
      { numRuns: 200 },
    );
  });
});
