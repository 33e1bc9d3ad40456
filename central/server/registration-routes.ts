/**
 * The endpoints of the transport layer itself: kiosk registration (token +
 * CSR → certificate), the HPKE public key kiosks seal to, and a health check.
 * Registration is the only route a kiosk reaches without a client
 * certificate: it is how it gets one.
 */
import { z } from 'zod';
import { HPKE_SUITE, SEALED_PAYLOAD_VERSION, type HpkeKeyPair } from '../pki/hpke.ts';
import { KioskRegistrationError, MAX_CSR_PEM_LENGTH, type KioskCertificateAuthority, type KioskRegistrationErrorCode } from '../pki/kiosk-registration.ts';
import type { CentralLogger } from './log.ts';
import { problem, type Problem } from './problem.ts';
import { validateBody } from './request-body.ts';
import { json, publicRoute, route, type RouteDefinition } from './router.ts';

export const kioskRegistrationRequestSchema = z.strictObject({
  registrationToken: z.string().min(1).max(128),
  csr: z.string().min(1).max(MAX_CSR_PEM_LENGTH),
});

/** What a kiosk needs to seal payloads to this server (see central/pki/hpke.ts for the envelope). */
export function hpkePublicKeyDocument(hpke: HpkeKeyPair) {
  return { keyId: hpke.keyId, ...HPKE_SUITE, publicKey: Buffer.from(hpke.publicKey).toString('base64url'), envelopeVersion: SEALED_PAYLOAD_VERSION };
}

const REGISTRATION_PROBLEMS: Readonly<Record<KioskRegistrationErrorCode, () => Problem>> = {
  // 403, not 401: the token travels in the body, and no WWW-Authenticate scheme would let a client retry differently.
  registration_token_invalid: () => problem(403, 'registration_token_invalid', 'Registration token is not valid'),
  registration_token_used: () => problem(403, 'registration_token_used', 'Registration token has already been used'),
  registration_token_expired: () => problem(403, 'registration_token_expired', 'Registration token has expired'),
  csr_malformed: () => problem(422, 'csr_malformed', 'The certificate request could not be parsed'),
  csr_signature_invalid: () => problem(422, 'csr_signature_invalid', 'The certificate request signature is not valid'),
  csr_key_unsupported: () => problem(422, 'csr_key_unsupported', 'The certificate request key must be ECDSA P-256'),
  csr_kiosk_mismatch: () => problem(422, 'csr_kiosk_mismatch', 'The certificate request does not name the kiosk the token was issued for'),
  kiosk_id_invalid: () => problem(422, 'kiosk_id_invalid', 'Kiosk id is not valid'),
};

export function transportRoutes(deps: { authority: KioskCertificateAuthority; hpke: HpkeKeyPair; logger: CentralLogger; now: () => Date }): RouteDefinition[] {
  const { authority, hpke, logger, now } = deps;
  return [
    publicRoute('POST', '/v1/kiosk-registrations', async (request) => {
      const { registrationToken, csr } = validateBody(kioskRegistrationRequestSchema, request.body);
      try {
        const registration = await authority.registerKiosk(registrationToken, csr);
        logger.log('info', 'kiosk_registered', { kioskId: registration.kioskId, serial: registration.serial });
        return json(201, {
          kioskId: registration.kioskId,
          certificateSerial: registration.serial,
          certificate: registration.certificatePem,
          caCertificate: registration.caCertificatePem,
          notAfter: registration.notAfter.toISOString(),
          hpkePublicKey: hpkePublicKeyDocument(hpke),
        });
      } catch (error) {
        if (error instanceof KioskRegistrationError) throw REGISTRATION_PROBLEMS[error.code]();
        throw error;
      }
    }),
    route('GET', '/v1/hpke-public-key', () => json(200, hpkePublicKeyDocument(hpke))),
    route('GET', '/v1/health', (request) => json(200, { status: 'ok', kioskId: request.kiosk.kioskId, time: now().toISOString() })),
  ];
}
