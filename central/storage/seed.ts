/**
 * Seeds the registry from synthetic/ on first start: the people a real civil
 * registry would hold (RUN, names, birth date, nationality), their current
 * card (serial, type, expiry, blocked or not), whether they already have an
 * account, and the fingerprint templates taken when the card was issued.
 *
 * Fingers are keyed with synthetic/fingers' citizenFingerKey, the same
 * derivation the fingerprint simulators use (drivers/fingerprint/
 * simulated-fingers.ts), so a simulated capture of a citizen's finger matches
 * the template enrolled here; a test pins the two together.
 */
import { FINGER_POSITIONS, type FingerPosition } from '../../common/fingers.ts';
import {
  captureImpression,
  citizenFingerKey,
  encodeFingerMinutiaeRecord,
  generateFinger,
  generatePopulation,
  type PopulationOptions,
  seededRandom,
  singleViewRecord,
  type SyntheticCitizen,
} from '../../synthetic/index.ts';
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

/** Registry enrolment is done by an operator who retakes poor prints: quality 70–95. */
const ENROLMENT_QUALITY = { min: 70, max: 95 } as const;
/** The ISO record's minutia count is one byte. */
const MAX_RECORD_MINUTIAE = 255;

/** The enrolment record of one finger: deterministic, an impression distinct from any kiosk capture. */
export function enrolmentRecord(citizen: Pick<SyntheticCitizen, 'run'>, position: FingerPosition): { record: Uint8Array; quality: number } {
  const key = citizenFingerKey(citizen.run);
  const random = seededRandom('registry-enrolment-quality', key, position);
  const quality = Math.round(random.range(ENROLMENT_QUALITY.min, ENROLMENT_QUALITY.max));
  const impression = captureImpression(generateFinger(key, position), { quality, seed: 'registry-enrolment' });
  const inside = impression.minutiae.filter((m) => m.x >= 0 && m.y >= 0 && m.x < impression.width && m.y < impression.height);
  const record = singleViewRecord({ ...impression, fingerPosition: position, minutiae: inside.slice(0, MAX_RECORD_MINUTIAE) });
  return { record: encodeFingerMinutiaeRecord(record), quality };
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
  const insertPerson = db.prepare(
    'INSERT INTO persons (run, given_names, surnames, birth_date, nationality, has_account) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertCard = db.prepare('INSERT INTO cards (serial, person_id, card_type, issue_date, expiry_date, status) VALUES (?, ?, ?, ?, ?, ?)');
  const insertTemplate = db.prepare(
    'INSERT INTO fingerprint_templates (person_id, finger_position, record, quality, enrolled_on) VALUES (?, ?, ?, ?, ?)',
  );
  const insertMeta = db.prepare('INSERT INTO registry_meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (const c of population.citizens) {
      const run = `${c.run.number}-${c.run.checkDigit}`;
      const { lastInsertRowid } = insertPerson.run(run, JSON.stringify(c.givenNames), JSON.stringify(c.surnames), c.birthDate, c.nationality, c.flags.hasAccount ? 1 : 0);
      const personId = Number(lastInsertRowid);
      insertCard.run(c.serial, personId, c.cardType, c.issueDate, c.expiryDate, c.flags.cardBlocked ? 'blocked' : 'valid');
      for (const position of ENROLLED_FINGERS) {
        const { record, quality } = enrolmentRecord(c, position);
        insertTemplate.run(personId, position, record, quality, c.issueDate);
      }
    }
    insertMeta.run('seed', JSON.stringify({ seed: population.seed, size: population.citizens.length, referenceDate: population.referenceDate }));
  })();
  return { seeded: true, persons: population.citizens.length };
}
