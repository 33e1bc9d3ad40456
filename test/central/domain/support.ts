/**
 * Shared by the domain tests: a seeded database per test (the seed is built
 * once per file and copied, since seeding takes about a second), a clock the
 * test moves, a cheap hasher, captured log lines, and captures of synthetic
 * fingers: ISO/IEC 19794-4 images as the kiosk sends them, and ISO/IEC
 * 19794-2 templates extracted from such images, as a reader that extracts
 * its own templates would send them.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractMinutiae, minutiaeRecord } from '../../../biometrics/fingerprint/extraction/index.ts';
import { encodeFingerMinutiaeRecord } from '../../../biometrics/fingerprint/iso-19794-2.ts';
import { COMPRESSION_PNG, COMPRESSION_UNCOMPRESSED, encodeFingerImageRecord, singleFingerImageRecord } from '../../../biometrics/fingerprint/iso-19794-4.ts';
import { pngjsGreyCodec } from '../../../biometrics/fingerprint/pngjs-codec.ts';
import { type CentralDomain, createCentralDomain, type CentralDomainOptions } from '../../../central/domain/index.ts';
import { argon2idHasher } from '../../../central/domain/password-hasher.ts';
import { openCentralDatabase, openCentralStorage } from '../../../central/storage/index.ts';
import {
  citizenFingerKey,
  defaultPopulation,
  fingerImage,
  type FingerprintQuality,
  type FingerprintImpression,
  type Scenario,
  type SyntheticCitizen,
} from '../../../synthetic/index.ts';
import type { FingerPosition } from '../../../common/fingers.ts';

export const T0 = Date.parse('2026-11-21T12:00:00Z');

/**
 * A verification renders and extracts fingerprint images on both sides (the
 * kiosk's capture here, the registry's enrolment template in central on first
 * need): about half a second of CPU per new finger, several seconds for a test
 * that verifies a few people on a busy machine. Files that verify set this as
 * their test timeout: it bounds a hang, it does not measure speed.
 */
export const FINGERPRINT_WORK_TIMEOUT_MS = 60_000;

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

/** A kiosk placement number per seed string (FNV-1a), far below the registry's enrolment impression index. */
export function impressionIndex(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return hash % 100_000;
}

/** The sensor image of a placement of `citizen`'s finger: 256 × 288, 500 ppi, as the kiosk's R30x delivers it. */
export function kioskImpression(
  citizen: SyntheticCitizen,
  position: FingerPosition,
  seed: string,
  quality: FingerprintQuality = 'good',
): FingerprintImpression {
  return fingerImage(citizenFingerKey(citizen.run), position, impressionIndex(seed), quality, '256x288');
}

/** An ISO/IEC 19794-4:2005 record of pixels, as the kiosk sends it (header finger position `position`, claimed quality 80). */
export function imageRecord(image: { width: number; height: number; pixels: Uint8Array }, position: number, compression: 'raw' | 'png' = 'raw'): Uint8Array {
  const record = singleFingerImageRecord(image, {
    fingerPosition: position,
    quality: 80,
    compression: compression === 'png' ? COMPRESSION_PNG : COMPRESSION_UNCOMPRESSED,
  });
  const encoded = encodeFingerImageRecord(record, { png: pngjsGreyCodec });
  if (!encoded.ok) throw encoded.error;
  return encoded.value;
}

/** What the kiosk sends for a placement of this citizen's finger: a 19794-4 image record. */
export function captureImage(
  citizen: SyntheticCitizen,
  position: FingerPosition,
  seed: string,
  quality: FingerprintQuality = 'good',
  compression: 'raw' | 'png' = 'raw',
): Uint8Array {
  return imageRecord(kioskImpression(citizen, position, seed, quality), position, compression);
}

/**
 * What a reader that extracts ISO templates sends for a placement of this
 * citizen's finger: the same image through the same extractor central uses,
 * so its template and the registry's come from one world.
 */
export function capture(citizen: SyntheticCitizen, position: FingerPosition, seed: string, quality: FingerprintQuality = 'good'): Uint8Array {
  const extraction = extractMinutiae(kioskImpression(citizen, position, seed, quality));
  if (!extraction.ok) throw new Error(`capture refused: ${extraction.error.code}`);
  const encoded = encodeFingerMinutiaeRecord(minutiaeRecord(extraction.value, { fingerPosition: position }));
  if (!encoded.ok) throw encoded.error;
  return encoded.value;
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
