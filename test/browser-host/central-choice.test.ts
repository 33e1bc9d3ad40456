/**
 * Which central `npm start` gives the kiosk: the embedded sandbox only for a
 * kiosk without a central of its own (or when asked); a kiosk provisioned
 * with kioskctl register keeps the central it registered with. The stored
 * configuration is read from a real SQLite file through the config store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CentralFacts, decideCentral, isEmbeddedSandboxCa, readStoredCentral } from '../../electron/browser-host/server/central-choice.ts';
import { KioskConfigStore } from '../../electron/service/config/kiosk-config.ts';
import { DEFAULT_SERVICE_CONFIG } from '../../electron/service/config/service-config.ts';
import { kioskDatabasePath, openKioskDatabase } from '../../electron/service/db/database.ts';

const dataDir = '/var/lib/kiosk/kiosk-data';
const provisioned = { kioskId: 'kiosk-stgo-centro-01', centralUrl: 'https://central.example.cl/', centralCaFile: '/etc/kiosk/central-ca.pem' };
const earlierDevRun = { kioskId: 'dev-kiosk-01', centralUrl: 'https://127.0.0.1:40123/', centralCaFile: join(dataDir, 'central/pki/ca.crt') };
const facts = (overrides: Partial<CentralFacts>): CentralFacts => ({ embeddedRequested: false, env: {}, stored: null, dataDir, ...overrides });

describe('decideCentral', () => {
  it('embeds the sandbox on a first start (nothing stored) and on a stored configuration without a central', () => {
    expect(decideCentral(facts({}))).toEqual({ kind: 'embedded', why: 'not-provisioned' });
    expect(decideCentral(facts({ stored: { kioskId: 'dev-kiosk-01', centralUrl: undefined, centralCaFile: undefined } }))).toEqual({
      kind: 'embedded',
      why: 'not-provisioned',
    });
  });

  it('embeds it again where the stored central is the sandbox an earlier dev run embedded (its CA under <dataDir>/central)', () => {
    expect(decideCentral(facts({ stored: earlierDevRun }))).toEqual({ kind: 'embedded', why: 'earlier-sandbox' });
  });

  it('keeps the stored central of a provisioned kiosk', () => {
    expect(decideCentral(facts({ stored: provisioned }))).toEqual({ kind: 'stored', url: 'https://central.example.cl/' });
  });

  it('embeds the sandbox on a provisioned kiosk only when asked explicitly', () => {
    expect(decideCentral(facts({ stored: provisioned, embeddedRequested: true }))).toEqual({ kind: 'embedded', why: 'requested' });
  });

  it('takes KIOSK_CENTRAL_URL with KIOSK_CENTRAL_CA, or alone with the stored CA', () => {
    const url = 'https://127.0.0.1:8443';
    expect(decideCentral(facts({ env: { KIOSK_CENTRAL_URL: url, KIOSK_CENTRAL_CA: '/tmp/ca.pem' } }))).toEqual({
      kind: 'environment',
      url,
      caFrom: 'environment',
    });
    expect(decideCentral(facts({ env: { KIOSK_CENTRAL_URL: url }, stored: provisioned }))).toEqual({ kind: 'environment', url, caFrom: 'stored' });
  });

  it("refuses KIOSK_CENTRAL_URL alone where no CA is stored, or only an earlier sandbox's", () => {
    for (const stored of [null, earlierDevRun]) {
      expect(decideCentral(facts({ env: { KIOSK_CENTRAL_URL: 'https://127.0.0.1:8443' }, stored }))).toMatchObject({
        kind: 'refused',
        code: 'central.ca_missing',
      });
    }
  });
});

describe('isEmbeddedSandboxCa', () => {
  it('recognises only files inside <dataDir>/central', () => {
    expect(isEmbeddedSandboxCa(join(dataDir, 'central/pki/ca.crt'), dataDir)).toBe(true);
    expect(isEmbeddedSandboxCa(join(dataDir, 'central-ca.pem'), dataDir)).toBe(false);
    expect(isEmbeddedSandboxCa(join(dataDir, 'central/../ca.pem'), dataDir)).toBe(false);
    expect(isEmbeddedSandboxCa(join(dataDir, 'central'), dataDir)).toBe(false);
    expect(isEmbeddedSandboxCa('/etc/kiosk/central-ca.pem', dataDir)).toBe(false);
    expect(isEmbeddedSandboxCa(undefined, dataDir)).toBe(false);
  });
});

describe('readStoredCentral', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-choice-'));
    dirs.push(dir);
    return dir;
  };

  it('is null for a data directory without a database, and creates none', () => {
    const dir = tempDataDir();
    expect(readStoredCentral(dir)).toBeNull();
    expect(() => openKioskDatabase(kioskDatabasePath(dir), { readonly: true })).toThrow();
  });

  it('reads the central a technician stored', () => {
    const dir = tempDataDir();
    const db = openKioskDatabase(kioskDatabasePath(dir));
    new KioskConfigStore(db, { dataDir: dir }).save({ ...DEFAULT_SERVICE_CONFIG, ...provisioned }, new Date('2026-12-01T12:00:00Z'));
    db.close();
    expect(readStoredCentral(dir)).toEqual(provisioned);
  });
});
