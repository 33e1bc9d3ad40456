/**
 * Reads and writes of the registry tables (persons, cards, templates,
 * accounts, lockout state). Prepared once per database; every write is meant
 * to run inside the caller's transaction.
 *
 * Fingers are enrolled from images: fingerprint_enrolments says which fingers
 * a person enrolled, and the template of one is derived from its enrolment
 * image by `EnrolmentTemplateSource` the first time it is needed, stored in
 * fingerprint_templates and read from there afterwards (storage/seed.ts says
 * why it is not done at seed time).
 */
import type { CentralDatabase } from '../storage/database.ts';

/** The enrolled template (ISO/IEC 19794-2:2005, one view) of a person's finger, from its enrolment image. */
export type EnrolmentTemplateSource = (canonicalRun: string, fingerPosition: number) => { readonly record: Uint8Array; readonly quality: number };

export interface PersonRecord {
  readonly id: number;
  readonly run: string;
  readonly givenNames: readonly string[];
  readonly surnames: readonly string[];
  readonly birthDate: string;
  readonly hasAccount: boolean;
  readonly lockedAt: number | null;
}

export interface CardRecord {
  readonly serial: string;
  readonly personId: number;
  readonly cardType: 'CEDULA' | 'CEDULA_EXT';
  readonly expiryDate: string;
  readonly status: 'valid' | 'blocked';
}

export interface NewAccount {
  readonly personId: number;
  readonly email: string;
  readonly phone: string;
  readonly passwordHash: string;
  readonly channel: 'activation-code' | 'one-step';
  readonly kioskId: string | null;
}

type PersonRow = { id: number; run: string; given_names: string; surnames: string; birth_date: string; has_account: number; locked_at: number | null };

const toPerson = (r: PersonRow): PersonRecord => ({
  id: r.id,
  run: r.run,
  givenNames: JSON.parse(r.given_names) as string[],
  surnames: JSON.parse(r.surnames) as string[],
  birthDate: r.birth_date,
  hasAccount: r.has_account === 1,
  lockedAt: r.locked_at,
});

export class Registry {
  readonly #byRun;
  readonly #byId;
  readonly #card;
  readonly #template;
  readonly #enrolment;
  readonly #insertTemplate;
  readonly #enrolledFingers;
  readonly #enrolmentTemplate;
  readonly #insertAccount;
  readonly #markHasAccount;
  readonly #accountCount;
  readonly #lock;
  readonly #unlock;

  constructor(db: CentralDatabase, enrolmentTemplate: EnrolmentTemplateSource) {
    this.#enrolmentTemplate = enrolmentTemplate;
    this.#byRun = db.prepare<[string], PersonRow>('SELECT * FROM persons WHERE run = ?');
    this.#byId = db.prepare<[number], PersonRow>('SELECT * FROM persons WHERE id = ?');
    this.#card = db.prepare<
      [string],
      { serial: string; person_id: number; card_type: 'CEDULA' | 'CEDULA_EXT'; expiry_date: string; status: 'valid' | 'blocked' }
    >('SELECT serial, person_id, card_type, expiry_date, status FROM cards WHERE serial = ?');
    this.#template = db.prepare<[number, number], { record: Buffer }>('SELECT record FROM fingerprint_templates WHERE person_id = ? AND finger_position = ?');
    this.#enrolment = db.prepare<[number, number], { enrolled_on: string }>(
      'SELECT enrolled_on FROM fingerprint_enrolments WHERE person_id = ? AND finger_position = ?',
    );
    this.#insertTemplate = db.prepare<[number, number, Buffer, number, string]>(
      'INSERT OR IGNORE INTO fingerprint_templates (person_id, finger_position, record, quality, enrolled_on) VALUES (?, ?, ?, ?, ?)',
    );
    this.#enrolledFingers = db.prepare<[number], { finger_position: number }>(
      'SELECT finger_position FROM fingerprint_enrolments WHERE person_id = ? ORDER BY finger_position',
    );
    this.#insertAccount = db.prepare<[number, string, string, string, string, string | null, number]>(
      'INSERT INTO accounts (person_id, email, phone, password_hash, channel, kiosk_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#markHasAccount = db.prepare<[number]>('UPDATE persons SET has_account = 1 WHERE id = ?');
    this.#accountCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM accounts');
    this.#lock = db.prepare<[number, string, number]>('UPDATE persons SET locked_at = ?, lock_reason = ? WHERE id = ? AND locked_at IS NULL');
    this.#unlock = db.prepare<[number]>('UPDATE persons SET locked_at = NULL, lock_reason = NULL WHERE id = ?');
  }

  personByRun(canonicalRun: string): PersonRecord | undefined {
    const row = this.#byRun.get(canonicalRun);
    return row && toPerson(row);
  }

  personById(id: number): PersonRecord | undefined {
    const row = this.#byId.get(id);
    return row && toPerson(row);
  }

  card(serial: string): CardRecord | undefined {
    const r = this.#card.get(serial);
    return r && { serial: r.serial, personId: r.person_id, cardType: r.card_type, expiryDate: r.expiry_date, status: r.status };
  }

  /**
   * The enrolled template of a finger, or undefined when the person did not
   * enrol it. Derived and stored on first use; call inside a write transaction.
   */
  template(person: Pick<PersonRecord, 'id' | 'run'>, fingerPosition: number): Uint8Array | undefined {
    const stored = this.#template.get(person.id, fingerPosition);
    if (stored) return new Uint8Array(stored.record);
    const enrolment = this.#enrolment.get(person.id, fingerPosition);
    if (!enrolment) return undefined;
    const { record, quality } = this.#enrolmentTemplate(person.run, fingerPosition);
    this.#insertTemplate.run(person.id, fingerPosition, Buffer.from(record), quality, enrolment.enrolled_on);
    return record;
  }

  enrolledFingers(personId: number): number[] {
    return this.#enrolledFingers.all(personId).map((r) => r.finger_position);
  }

  /** Creates the account and sets the has-account flag; the primary key refuses a second account for a person. */
  createAccount(account: NewAccount, now: number): void {
    this.#insertAccount.run(account.personId, account.email, account.phone, account.passwordHash, account.channel, account.kioskId, now);
    this.#markHasAccount.run(account.personId);
  }

  accountCount(): number {
    return this.#accountCount.get()!.n;
  }

  lock(personId: number, reason: string, now: number): void {
    this.#lock.run(now, reason, personId);
  }

  unlock(personId: number): void {
    this.#unlock.run(personId);
  }
}
