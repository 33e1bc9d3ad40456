/**
 * Decides whether a directive in central's heartbeat answer may change the
 * kiosk's state (central/openapi.yaml, heartbeat wire contract). Anyone who
 * can answer the kiosk's TLS connection could otherwise put a fleet out of
 * service, so the directive carries its own proof: a signing certificate
 * issued by the CA the kiosk already trusts for TLS, a P-256 signature over
 * the exact payload bytes, and a payload naming this kiosk and the
 * Idempotency-Key of the heartbeat it answers (a recorded answer replayed
 * later names an older key).
 *
 * Pure apart from the clock it is given; never throws. A refusal is a code
 * only: the payload is never logged.
 */
import 'reflect-metadata';
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate as ParsedCertificate } from '@peculiar/x509';
import { verify, X509Certificate } from 'node:crypto';
import { type DirectivePayload, directivePayloadSchema, type SignedDirective } from '../central/heartbeat-contract.ts';

/** The subject common name central's directive-signing certificate must carry. */
export const DIRECTIVE_SIGNER_CN = 'central directive signing';

export const DIRECTIVE_REFUSALS = [
  'directive.certificate_unreadable',
  'directive.certificate_untrusted',
  'directive.certificate_not_valid_now',
  'directive.certificate_wrong_subject',
  'directive.certificate_wrong_usage',
  'directive.signature_invalid',
  'directive.payload_invalid',
  'directive.other_kiosk',
  'directive.replayed',
] as const;
export type DirectiveRefusal = (typeof DIRECTIVE_REFUSALS)[number];

export type DirectiveVerdict = { readonly ok: true; readonly payload: DirectivePayload } | { readonly ok: false; readonly code: DirectiveRefusal };

export interface DirectiveCheck {
  /** PEM of the CA the kiosk trusts for central (central-client/ca.crt). */
  readonly trustedCaPem: string;
  readonly kioskId: string;
  /** The Idempotency-Key of the heartbeat this answer is for. */
  readonly heartbeatKey: string;
  readonly nowMs: number;
}

const refuse = (code: DirectiveRefusal): DirectiveVerdict => ({ ok: false, code });

export function verifyDirective(directive: SignedDirective, check: DirectiveCheck): DirectiveVerdict {
  let signer: X509Certificate;
  let ca: X509Certificate;
  try {
    signer = new X509Certificate(directive.certificate);
    ca = new X509Certificate(check.trustedCaPem);
  } catch {
    return refuse('directive.certificate_unreadable');
  }
  if (!signer.checkIssued(ca) || !signer.verify(ca.publicKey)) return refuse('directive.certificate_untrusted');
  if (!(check.nowMs >= signer.validFromDate.getTime() && check.nowMs <= signer.validToDate.getTime())) return refuse('directive.certificate_not_valid_now');
  if (commonNames(signer.subject).join('\n') !== DIRECTIVE_SIGNER_CN) return refuse('directive.certificate_wrong_subject');
  // Node's X509Certificate does not expose key usage; a certificate that does not state digitalSignature
  // was not issued for signing (RFC 5280 §4.2.1.3), whatever its name says.
  if (!allowsSignatures(directive.certificate)) return refuse('directive.certificate_wrong_usage');

  const payloadBytes = Buffer.from(directive.payload, 'base64url');
  const signature = Buffer.from(directive.signature, 'base64url');
  // IEEE P1363 for P-256 is r||s, 32 bytes each; anything else is not this contract's signature.
  if (signature.length !== 64 || signer.publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return refuse('directive.signature_invalid');
  let signed = false;
  try {
    signed = verify('sha256', payloadBytes, { key: signer.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    signed = false;
  }
  if (!signed) return refuse('directive.signature_invalid');

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    return refuse('directive.payload_invalid');
  }
  const parsed = directivePayloadSchema.safeParse(json);
  if (!parsed.success) return refuse('directive.payload_invalid');
  if (parsed.data.kioskId !== check.kioskId) return refuse('directive.other_kiosk');
  if (parsed.data.heartbeatKey !== check.heartbeatKey) return refuse('directive.replayed');
  return { ok: true, payload: parsed.data };
}

/** The CN values of an X509Certificate `subject` (one `key=value` per line). */
function commonNames(subject: string): string[] {
  return subject
    .split('\n')
    .filter((line) => line.startsWith('CN='))
    .map((line) => line.slice(3));
}

function allowsSignatures(certificatePem: string): boolean {
  try {
    const usage = new ParsedCertificate(certificatePem).getExtension(KeyUsagesExtension);
    return usage !== null && (usage.usages & KeyUsageFlags.digitalSignature) !== 0;
  } catch {
    return false;
  }
}
