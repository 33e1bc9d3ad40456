/**
 * Shared by the domain tests: a seeded database per test (the seed is built
 * once per file and copied, since seeding takes about a second), a clock the
 * test moves, a cheap hasher, captured log lines, and captures of synthetic
 * fingers made exactly as the simulated fingerprint reader makes them.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { citizenFinger, extractFeatures, impressionOf } from '../../../drivers/fingerprint/simulated-fingers.ts';
import { type CentralDomain, createCentralDomain, type CentralDomainOptions } from '../../../central/domain/index.ts';
import { argon2idHasher } from '../../../central/domain/password-hasher.ts';
import { openCentralDatabase, openCentralStorage } from '../../../central/storage/index.ts';
import { defaultPopulation, type Scenario, type SyntheticCitizen } from '../../../synthetic/index.ts';
import type { FingerPosition } from '../../../common/fingers.ts';

export const T0 = Date.parse('2026-11-21T12:00:00Z');

/** Argon2id at toy parameters: the real ones are exercised by a few tests and the benchmark. */
export const cheapHasher = argon2idHasher({ memoryCost: 64, timeCost: 1, parallelism: 1 });

const dirs: string[] = [];
let template: string | undefined;

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'central-domain-'));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh copy of the default seeded registry. */
export function seededDatabasePath(): string {
  if (!template) {
    template = join(tempDir(), 'template.db');
    const { db } = openCentralStorage(template);
    db.close();
  }
  const path = join(tempDir(), 'central.db');
  copyFileSync(template, path);
  return path;
}

export interface Harness {
  readonly domain: CentralDomain;
  readonly clock: { now: number; advance(ms: number): void };
  readonly logLines: string[];
  close(): void;
}

export function harness(options: Partial<Omit<CentralDomainOptions, 'db' | 'serverSecret'>> = {}): Harness {
  const db = openCentralDatabase(seededDatabasePath());
  const clock = { now: T0, advance: (ms: number) => (clock.now += ms) };
  const logLines: string[] = [];
  const domain = createCentralDomain({
    db,
    serverSecret: new Uint8Array(32).fill(7),
    clock: () => clock.now,
    hasher: cheapHasher,
    log: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
    ...options,
  });
  return { domain, clock, logLines, close: () => db.close() };
}

export const population = defaultPopulation();

export function citizenWith(scenario: Scenario, nth = 0, extra: (c: SyntheticCitizen) => boolean = () => true): SyntheticCitizen {
  const found = population.citizens.filter((c) => c.scenario === scenario && extra(c))[nth];
  if (!found) throw new Error(`no citizen #${nth} with scenario ${scenario}`);
  return found;
}

/** What the simulated reader sends for this citizen's finger (drivers/fingerprint/simulated-fingers.ts). */
export function capture(citizen: SyntheticCitizen, position: FingerPosition, seed: string, quality = 85): Uint8Array {
  const features = extractFeatures(impressionOf(citizenFinger(citizen, position), quality, seed), position);
  if (!features.ok) throw new Error(`capture refused: ${features.confirmation}`);
  return features.record;
}

export function verificationInput(citizen: SyntheticCitizen, template: Uint8Array, kioskId = 'kiosk-01', finger: FingerPosition = 2) {
  return { kioskId, run: citizen.run.formatted, cardSerial: citizen.serial, cardExpiry: citizen.expiryDate, finger, template };
}

/** Verifies `citizen` with their own right index and returns the token. */
export async function verifiedToken(h: Harness, citizen: SyntheticCitizen, kioskId = 'kiosk-01'): Promise<string> {
  const outcome = await h.domain.verifyIdentity(verificationInput(citizen, capture(citizen, 2, 'kiosk-session-1'), kioskId));
  if (!outcome.ok || !outcome.value.matched) throw new Error(`verification did not match: ${JSON.stringify(outcome)}`);
  return outcome.value.verificationToken;
}
