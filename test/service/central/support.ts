/**
 * A real central sandbox for the kiosk client's tests: the seeded registry (a
 * fresh copy per sandbox), the domain on a fixed clock, the HPKE key for
 * sealed payloads, the development mailbox; and kiosks that register the way
 * the service does (loadCentralClient → ensureKioskRegistered), so every
 * call runs over HTTPS with the kiosk's own client certificate.
 */
import { randomUUID } from 'node:crypto';
import { centralApiRoutes } from '../../../central/api/routes.ts';
import { createCentralDomain, type CentralDomain } from '../../../central/domain/index.ts';
import { startCentralServer, type CentralServer } from '../../../central/server/central-server.ts';
import { createSqliteKioskPkiStore, openCentralDatabase, type CentralDatabase } from '../../../central/storage/index.ts';
import { loadCentralClient, type LoadCentralClientOptions } from '../../../electron/service/central/index.ts';
import type { CentralClient, KioskRegistration } from '../../../electron/service/central/index.ts';
import type { SyntheticCitizen } from '../../../synthetic/index.ts';
import { capture, cheapHasher, seededDatabasePath, T0 } from '../../central/domain/support.ts';
import { temporaryDataDir } from '../../central/server/https-client.ts';

export type SandboxLogListener = (event: string, fields: Readonly<Record<string, unknown>>) => void;

export interface Sandbox {
  readonly server: CentralServer;
  readonly db: CentralDatabase;
  readonly domain: CentralDomain;
  /** The server's log events as they happen ('request' after each answer, 'fault_injected' when a fault is applied). */
  onLog(listener: SandboxLogListener): () => void;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const db = openCentralDatabase(seededDatabasePath());
  const domain = createCentralDomain({ db, serverSecret: new Uint8Array(32).fill(3), clock: () => T0, hasher: cheapHasher });
  const listeners = new Set<SandboxLogListener>();
  const server = await startCentralServer({
    dataDir: temporaryDataDir(),
    store: createSqliteKioskPkiStore(db),
    routes: ({ pki }) => centralApiRoutes({ domain, devMailbox: true, hpke: pki.hpke }),
    logger: { log: (_level, event, fields = {}) => listeners.forEach((listener) => listener(event, fields)) },
  });
  return {
    server,
    db,
    domain,
    onLog(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      await server.close();
      db.close();
    },
  };
}

/** Registers `kioskId` with a one-time token and builds its client from the stored credentials. */
export async function kioskClient(
  sandbox: Pick<Sandbox, 'server'>,
  kioskId: string,
  options: Partial<Omit<LoadCentralClientOptions, 'dataDir' | 'centralUrl' | 'caCertificatePem' | 'kioskId'>> = {},
): Promise<{ client: CentralClient; registration: KioskRegistration; dataDir: string }> {
  const dataDir = temporaryDataDir();
  const { token } = sandbox.server.authority.issueRegistrationToken(kioskId);
  const { client, registration } = await loadCentralClient({
    dataDir,
    centralUrl: sandbox.server.url,
    caCertificatePem: sandbox.server.pki.ca.pem,
    kioskId,
    registrationToken: token,
    ...options,
  });
  return { client, registration, dataDir };
}

export const newKey = (): string => randomUUID();

/** The verification request a kiosk sends for `citizen` with `finger`'s right index, as the simulated reader captures it. */
export function verificationOf(citizen: SyntheticCitizen, finger: SyntheticCitizen = citizen, seed = 'kiosk-session') {
  return {
    run: citizen.run.formatted,
    cardSerial: citizen.serial,
    cardExpiry: citizen.expiryDate,
    finger: 'right-index' as const,
    template: capture(finger, 2, seed),
  };
}

export const canonicalRun = (citizen: SyntheticCitizen): string => `${citizen.run.number}-${citizen.run.checkDigit}`;

export function accountsOf(db: CentralDatabase, citizen: SyntheticCitizen): unknown[] {
  return db.prepare('SELECT a.channel, a.email FROM accounts a JOIN persons p ON p.id = a.person_id WHERE p.run = ?').all(canonicalRun(citizen));
}
