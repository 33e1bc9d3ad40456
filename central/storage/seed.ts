/**
 * Seeds the registry from synthetic/ on first start: the people a real civil
 * registry would hold (RUN, names, birth date, nationality), their current
 * card (serial, type, expiry, blocked or not), whether they already have an
 * account, and which fingers were enrolled when the card was issued.
 *
 * Fingers are enrolled from images, as a real registry is: an
 * enrollment-quality ridge image of the finger (synthetic/fingers/ridge-image)
 * through the same extractor central runs on kiosk captures
 * (biometrics/fingerprint). Rendering and extracting costs 0.1–0.5 s a finger,
 * so the seed records only which fingers are enrolled (fingerprint_enrolments)
 * and the registry derives a template with `enrolmentRecord` the first time a
 * verification needs it (domain/registry.ts), then keeps it.
 *
 * Fingers are keyed with synthetic/fingers' citizenFingerKey, which is the
 * canonical RUN the registry stores, so the simulators' images of a citizen's
 * finger and the enrolment image here are impressions of one master print.
 */
import { extractMinutiae, minutiaeRecord } from '../../biometrics/fingerprint/extraction/index.ts';
import { encodeFingerMinutiaeRecord } from '../../biometrics/fingerprint/iso-19794-2.ts';
import { FINGER_POSITIONS, type FingerPosition } from '../../common/fingers.ts';
import { fingerImage, generatePopulation, type PopulationOptions } from '../../synthetic/index.ts';
import type { CentralDatabase } from './database.ts';

/**
 * Fingers enrolled per person: both thumbs (the cédula's own print is the
 * right thumb) and both index fingers (the kiosk asks for right-index first,
 * left-index as the alternative).
 */
export const ENROLLED_FINGERS: readonly FingerPosition[] = [
  FINGER_POSITIONS['right-thumb'],
  FINGER_POSITIONS['right-index'],
  FINGER_POSITIONS['left-thumb'],
  FINGER_POSITIONS['left-index'],
];

/**
 * The registry's impression of every finger: an index no kiosk capture uses
 * (simulators number their placements from 0), so a kiosk never presents the
 * very image the registry was enrolled from.
 */
export const ENROLMENT_IMPRESSION_INDEX = 1_000_000;
/** Enrolment stations use a larger-area sensor than the kiosk's 256 × 288 window, so the kiosk's print lies inside the enrolled one. */
export const ENROLMENT_IMAGE_SIZE = '400x500';

/** An enrolment image the extractor refuses: a fault of the synthetic registry, never of a request. */
export class EnrolmentImageUnusable extends Error {
  readonly position: FingerPosition;
  readonly reason: string;
  constructor(position: FingerPosition, reason: string) {
    super(`the enrolment image of finger ${position} could not be extracted (${reason})`);
    this.name = 'EnrolmentImageUnusable';
    this.position = position;
    this.reason = reason;
  }
}

/** Derivations are deterministic; tests copy a seeded database many times and would otherwise repeat them. */
const DERIVED_CACHE_SIZE = 64;
const derived = new Map<string, { record: Uint8Array; quality: number }>();

/**
 * The enrolled template of one finger (ISO/IEC 19794-2:2005, one view), from
 * its enrolment image. `canonicalRun` is the registry's form, `15234871-1`.
 */
export function enrolmentRecord(canonicalRun: string, position: FingerPosition): { record: Uint8Array; quality: number } {
  const key = `${canonicalRun}\u241f${position}`;
  const cached = derived.get(key);
  if (cached) return { record: cached.record.slice(), quality: cached.quality };
  const image = fingerImage(canonicalRun, position, ENROLMENT_IMPRESSION_INDEX, 'enrollment', ENROLMENT_IMAGE_SIZE);
  const extraction = extractMinutiae({ width: image.width, height: image.height, pixels: image.pixels, resolutionPpi: 500, bitDepth: 8 });
  if (!extraction.ok) throw new EnrolmentImageUnusable(position, extraction.error.code);
  const encoded = encodeFingerMinutiaeRecord(minutiaeRecord(extraction.value, { fingerPosition: position }));
  if (!encoded.ok) throw new EnrolmentImageUnusable(position, encoded.error.code);
  const entry = { record: encoded.value, quality: extraction.value.quality };
  if (derived.size >= DERIVED_CACHE_SIZE) derived.delete(derived.keys().next().value!);
  derived.set(key, entry);
  return { record: entry.record.slice(), quality: entry.quality };
}

export interface SeedResult {
  readonly seeded: boolean;
  readonly persons: number;
}

/**
 * Seeds once: a database that already carries a seed marker is left alone
 * (whatever happened to it since is the sandbox's state, not the seed's).
 * One transaction, so a crash never leaves half a registry.
 */
export function seedRegistry(db: CentralDatabase, options: PopulationOptions = {}): SeedResult {
  const marker = db.prepare("SELECT value FROM registry_meta WHERE key = 'seed'").get() as { value: string } | undefined;
  if (marker) return { seeded: false, persons: (db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n };
  const population = generatePopulation(options);
  const insertPerson = db.prepare('INSERT INTO persons (run, given_names, surnames, birth_date, nationality, has_account) VALUES (?, ?, ?, ?, ?, ?)');
  const insertCard = db.prepare('INSERT INTO cards (serial, person_id, card_type, issue_date, expiry_date, status) VALUES (?, ?, ?, ?, ?, ?)');
  const insertEnrolment = db.prepare('INSERT INTO fingerprint_enrolments (person_id, finger_position, enrolled_on) VALUES (?, ?, ?)');
  const insertMeta = db.prepare('INSERT INTO registry_meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (const c of population.citizens) {
      const run = `${c.run.number}-${c.run.checkDigit}`;
      const { lastInsertRowid } = insertPerson.run(
        run,
        JSON.stringify(c.givenNames),
        JSON.stringify(c.surnames),
        c.birthDate,
        c.nationality,
        c.flags.hasAccount ? 1 : 0,
      );
      const personId = Number(lastInsertRowid);
      insertCard.run(c.serial, personId, c.cardType, c.issueDate, c.expiryDate, c.flags.cardBlocked ? 'blocked' : 'valid');
      for (const position of ENROLLED_FINGERS) insertEnrolment.run(personId, position, c.issueDate);
    }
    insertMeta.run('seed', JSON.stringify({ seed: population.seed, size: population.citizens.length, referenceDate: population.referenceDate }));
  })();
  return { seeded: true, persons: population.citizens.length };
}
