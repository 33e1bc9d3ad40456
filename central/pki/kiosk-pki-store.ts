/**
 * What the kiosk PKI needs to remember: registration tokens (hashed) and the
 * client certificates it issued, with their revocation. The storage layer
 * implements this over SQLite; the in-memory version below is the executable
 * specification and what the tests use.
 *
 * Synchronous on purpose: better-sqlite3 is synchronous, and
 * `completeRegistration` must be one transaction (consume the token, record
 * the certificate, supersede the kiosk's earlier certificates) with no await
 * inside it for another request to slip into.
 *
 * Times are milliseconds since the epoch (UTC).
 */

export interface RegistrationTokenRecord {
  /** SHA-256 of the token, hex. The token itself is never stored. */
  tokenHash: string;
  kioskId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export type RevocationReason = 'superseded' | 'key_compromise' | 'decommissioned' | 'unspecified';

export interface KioskCertificateRecord {
  /** Normalised serial: lowercase hex, no leading zeros. */
  serial: string;
  kioskId: string;
  issuedAt: number;
  notAfter: number;
  revokedAt: number | null;
  revocationReason: RevocationReason | null;
}

export type CompleteRegistrationResult = 'registered' | 'token_unknown' | 'token_used' | 'token_expired';

export interface KioskPkiStore {
  insertRegistrationToken(record: RegistrationTokenRecord): void;
  findRegistrationToken(tokenHash: string): RegistrationTokenRecord | undefined;
  /**
   * In one transaction: re-check the token (unknown / used / expired at `now`),
   * mark it used, revoke the kiosk's other unrevoked certificates as
   * 'superseded', and insert `certificate`. Nothing changes unless the result
   * is 'registered'.
   */
  completeRegistration(tokenHash: string, now: number, certificate: KioskCertificateRecord): CompleteRegistrationResult;
  findCertificate(serial: string): KioskCertificateRecord | undefined;
  /** False when the serial is unknown or already revoked. */
  revokeCertificate(serial: string, revokedAt: number, reason: RevocationReason): boolean;
  listRevokedCertificates(): KioskCertificateRecord[];
}

export function createInMemoryKioskPkiStore(): KioskPkiStore {
  const tokens = new Map<string, RegistrationTokenRecord>();
  const certificates = new Map<string, KioskCertificateRecord>();
  return {
    insertRegistrationToken(record) {
      tokens.set(record.tokenHash, { ...record });
    },
    findRegistrationToken(tokenHash) {
      const record = tokens.get(tokenHash);
      return record && { ...record };
    },
    completeRegistration(tokenHash, now, certificate) {
      const token = tokens.get(tokenHash);
      if (!token) return 'token_unknown';
      if (token.usedAt !== null) return 'token_used';
      if (token.expiresAt <= now) return 'token_expired';
      token.usedAt = now;
      for (const record of certificates.values()) {
        if (record.kioskId === certificate.kioskId && record.revokedAt === null) {
          record.revokedAt = now;
          record.revocationReason = 'superseded';
        }
      }
      certificates.set(certificate.serial, { ...certificate });
      return 'registered';
    },
    findCertificate(serial) {
      const record = certificates.get(serial);
      return record && { ...record };
    },
    revokeCertificate(serial, revokedAt, reason) {
      const record = certificates.get(serial);
      if (!record || record.revokedAt !== null) return false;
      record.revokedAt = revokedAt;
      record.revocationReason = reason;
      return true;
    },
    listRevokedCertificates() {
      return [...certificates.values()].filter((record) => record.revokedAt !== null).map((record) => ({ ...record }));
    },
  };
}
