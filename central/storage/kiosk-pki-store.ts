/**
 * The SQLite KioskPkiStore (central/pki/kiosk-pki-store.ts has the contract
 * and the in-memory executable specification): registrations and
 * revocations survive a restart. `completeRegistration` is one IMMEDIATE
 * transaction, as the contract requires.
 */
import type { CompleteRegistrationResult, KioskCertificateRecord, KioskPkiStore, RegistrationTokenRecord, RevocationReason } from '../pki/kiosk-pki-store.ts';
import type { CentralDatabase } from './database.ts';

interface TokenRow {
  token_hash: string;
  kiosk_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}
interface CertificateRow {
  serial: string;
  kiosk_id: string;
  issued_at: number;
  not_after: number;
  revoked_at: number | null;
  revocation_reason: string | null;
}

const token = (r: TokenRow): RegistrationTokenRecord => ({
  tokenHash: r.token_hash,
  kioskId: r.kiosk_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});
const certificate = (r: CertificateRow): KioskCertificateRecord => ({
  serial: r.serial,
  kioskId: r.kiosk_id,
  issuedAt: r.issued_at,
  notAfter: r.not_after,
  revokedAt: r.revoked_at,
  revocationReason: r.revocation_reason as RevocationReason | null,
});

export function createSqliteKioskPkiStore(db: CentralDatabase): KioskPkiStore {
  const insertToken = db.prepare<[string, string, number, number, number | null]>(
    'INSERT INTO kiosk_registration_tokens (token_hash, kiosk_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)',
  );
  const findToken = db.prepare<[string], TokenRow>('SELECT * FROM kiosk_registration_tokens WHERE token_hash = ?');
  const useToken = db.prepare<[number, string]>('UPDATE kiosk_registration_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL');
  const supersede = db.prepare<[number, string]>(
    "UPDATE kiosk_certificates SET revoked_at = ?, revocation_reason = 'superseded' WHERE kiosk_id = ? AND revoked_at IS NULL",
  );
  const insertCertificate = db.prepare<[string, string, number, number, number | null, string | null]>(
    'INSERT INTO kiosk_certificates (serial, kiosk_id, issued_at, not_after, revoked_at, revocation_reason) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const findCertificate = db.prepare<[string], CertificateRow>('SELECT * FROM kiosk_certificates WHERE serial = ?');
  const revoke = db.prepare<[number, string, string]>(
    'UPDATE kiosk_certificates SET revoked_at = ?, revocation_reason = ? WHERE serial = ? AND revoked_at IS NULL',
  );
  const revoked = db.prepare<[], CertificateRow>('SELECT * FROM kiosk_certificates WHERE revoked_at IS NOT NULL ORDER BY revoked_at, serial');

  const complete = db.transaction((tokenHash: string, now: number, record: KioskCertificateRecord): CompleteRegistrationResult => {
    const row = findToken.get(tokenHash);
    if (!row) return 'token_unknown';
    if (row.used_at !== null) return 'token_used';
    if (row.expires_at <= now) return 'token_expired';
    useToken.run(now, tokenHash);
    supersede.run(now, record.kioskId);
    insertCertificate.run(record.serial, record.kioskId, record.issuedAt, record.notAfter, record.revokedAt, record.revocationReason);
    return 'registered';
  });

  return {
    insertRegistrationToken(record) {
      insertToken.run(record.tokenHash, record.kioskId, record.createdAt, record.expiresAt, record.usedAt);
    },
    findRegistrationToken(tokenHash) {
      const row = findToken.get(tokenHash);
      return row && token(row);
    },
    completeRegistration(tokenHash, now, record) {
      return complete.immediate(tokenHash, now, record);
    },
    findCertificate(serial) {
      const row = findCertificate.get(serial);
      return row && certificate(row);
    },
    revokeCertificate(serial, revokedAt, reason) {
      return revoke.run(revokedAt, reason, serial).changes === 1;
    },
    listRevokedCertificates() {
      return revoked.all().map(certificate);
    },
  };
}
