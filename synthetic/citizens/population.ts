import { formatRun, runCheckDigit } from './check-digits.ts';
import { CHILEAN_GIVEN_NAMES, CHILEAN_SURNAMES, FOREIGN_NAMES, FOREIGN_NATIONALITIES } from './names.ts';
import { createPrng, shuffle, type Prng } from './prng.ts';

export type CardType = 'CEDULA' | 'CEDULA_EXT';
export type Sex = 'M' | 'F';
/**
 * The failure path a citizen exists to exercise. Exclusive on purpose: each
 * failure screen can be reached with a citizen who fails for that reason only.
 */
export type Scenario = 'ok' | 'card_expired' | 'card_blocked' | 'has_account' | 'under_age';

export interface SyntheticCitizen {
  /** Position in the population; stable for a given seed and size. */
  readonly index: number;
  readonly run: { readonly number: number; readonly checkDigit: string; readonly formatted: string };
  /** As written in Spanish (accents, ñ, ü), not upper-cased: the renderers do what each medium needs. */
  readonly givenNames: readonly string[];
  readonly surnames: readonly string[];
  readonly sex: Sex;
  /** ISO 8601 dates (YYYY-MM-DD), UTC calendar days. */
  readonly birthDate: string;
  readonly cardType: CardType;
  /** ICAO 9303 Part 3 / ISO 3166-1 alpha-3: CHL for CEDULA, the holder's nationality for CEDULA_EXT (reference §3.2). */
  readonly nationality: string;
  /** "Número de documento", distinct from the RUN (reference §3.2). */
  readonly serial: string;
  readonly serialSeries: 'numeric' | 'alphanumeric';
  readonly issueDate: string;
  readonly expiryDate: string;
  readonly scenario: Scenario;
  readonly flags: {
    readonly cardExpired: boolean;
    readonly cardBlocked: boolean;
    readonly hasAccount: boolean;
    readonly underAge: boolean;
  };
}

export interface PopulationOptions {
  readonly seed?: number | string;
  readonly size?: number;
  /** The day the flags are computed for; they stay true until `flagsHoldThrough` (see below). */
  readonly referenceDate?: string;
}

export interface Population {
  readonly seed: number | string;
  readonly referenceDate: string;
  /** Last day on which every flag still holds: valid cards unexpired, minors still under 18. */
  readonly flagsHoldThrough: string;
  readonly citizens: readonly SyntheticCitizen[];
  /** By RUN: a number (without check digit) or text with its check digit, dots and hyphen optional. */
  byRun(run: number | string): SyntheticCitizen | undefined;
}

export const DEFAULT_POPULATION_SEED = 'claveunica-kiosk/synthetic-citizens/v1';
export const DEFAULT_POPULATION_SIZE = 1000;
export const DEFAULT_REFERENCE_DATE = '2026-11-01';
export const MINIMUM_AGE = 18;
/** Exact shares (rounded to whole citizens) of each failure scenario; the rest are 'ok'. */
export const SCENARIO_SHARES = { card_expired: 0.08, card_blocked: 0.04, has_account: 0.1, under_age: 0.05 } as const;
/** Share of foreign residents (CEDULA_EXT). */
export const FOREIGN_SHARE = 0.15;
/** First IDEMIA cards, 16 Dec 2024 (reference §3.5); the alphanumeric serial (`B5F089055`) appears on this series. */
export const ALPHANUMERIC_SERIES_FROM = '2024-12-16';

const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yearOf = (iso: string): number => Number(iso.slice(0, 4));
const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The same month and day in `year`; 29 February becomes the 28th in common years. */
function sameDayIn(year: number, iso: string): string {
  const monthDay = iso.slice(5) === '02-29' && !isLeap(year) ? '02-28' : iso.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

const randomDay = (prng: Prng, from: string, to: string): string => isoOf(prng.between(dayOf(from), dayOf(to)));

function exactShares<T extends string>(prng: Prng, size: number, shares: Readonly<Partial<Record<T, number>>>, rest: T): T[] {
  const out: T[] = [];
  for (const key of Object.keys(shares) as T[]) out.push(...Array<T>(Math.round(size * (shares[key] ?? 0))).fill(key));
  if (out.length > size) throw new RangeError('scenario shares exceed the population');
  out.push(...Array<T>(size - out.length).fill(rest));
  return shuffle(prng, out);
}

export function generatePopulation(options: PopulationOptions = {}): Population {
  const seed = options.seed ?? DEFAULT_POPULATION_SEED;
  const size = options.size ?? DEFAULT_POPULATION_SIZE;
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  if (!Number.isInteger(size) || size < 1 || size > 1_000_000) throw new RangeError(`population size ${size} is not in [1, 1000000]`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate) || isoOf(dayOf(referenceDate)) !== referenceDate) {
    throw new RangeError(`referenceDate ${referenceDate} is not a YYYY-MM-DD date`);
  }
  const prng = createPrng(seed);
  const scenarios = exactShares<Scenario>(prng, size, SCENARIO_SHARES, 'ok');
  const foreign = exactShares<'foreign' | 'chilean'>(prng, size, { foreign: FOREIGN_SHARE }, 'chilean');
  const taken = { runs: new Set<number>(), serials: new Set<string>() };
  const citizens = scenarios.map((scenario, index) => makeCitizen(prng, { index, scenario, foreign: foreign[index] === 'foreign', referenceDate, taken }));
  const byNumber = new Map(citizens.map((c) => [c.run.number, c]));
  const ref = yearOf(referenceDate);
  return {
    seed,
    referenceDate,
    flagsHoldThrough: isoOf(dayOf(`${ref + 4}-01-01`) - 1),
    citizens,
    byRun(run) {
      if (typeof run === 'number') return byNumber.get(run);
      // Normalisation of reference §3.4: drop dots, hyphen, spaces and leading zeros; upper-case k.
      const m = /^0*([1-9]\d*)([0-9K])$/.exec(run.replace(/[.\s-]/g, '').toUpperCase());
      const citizen = m ? byNumber.get(Number(m[1])) : undefined;
      return citizen && citizen.run.checkDigit === m![2] ? citizen : undefined;
    },
  };
}

interface CitizenPlan {
  readonly index: number;
  readonly scenario: Scenario;
  readonly foreign: boolean;
  readonly referenceDate: string;
  readonly taken: { readonly runs: Set<number>; readonly serials: Set<string> };
}

/*
 * Date windows, with R the reference year (all relative, so another
 * referenceDate keeps every flag true for the same four-year span):
 *  - adults are born in [R-86, R-20] and minors in [R-14, R-10]: nobody
 *    crosses 18 before R+4, and no birth year is ambiguous in YYMMDD;
 *  - valid Chilean cards: issued since R-6, 10 years, expiring on the holder's
 *    birthday (every public QR sample has expiry month/day = birth month/day);
 *  - valid foreigners' cards: issued since R-1, 5 years (tied to residence);
 *  - expired cards: issued in [R-12, R-8] for 5 years, so expired before R-2.
 * Validity periods are a model, not a statement of Registro Civil rules.
 */
function makeCitizen(prng: Prng, plan: CitizenPlan): SyntheticCitizen {
  const { index, scenario, foreign, referenceDate, taken } = plan;
  const ref = yearOf(referenceDate);
  const lastIssueDay = isoOf(dayOf(referenceDate) - 1);
  const nationality = foreign ? prng.pick(FOREIGN_NATIONALITIES) : 'CHL';
  const sex: Sex = prng.chance(1, 2) ? 'F' : 'M';
  const { givenNames, surnames } = pickNames(prng, nationality, sex);

  const birthDate =
    scenario === 'under_age' ? randomDay(prng, `${ref - 14}-01-01`, `${ref - 10}-12-31`) : randomDay(prng, `${ref - 86}-01-01`, `${ref - 20}-12-31`);
  const cardType: CardType = foreign ? 'CEDULA_EXT' : 'CEDULA';
  let issueDate: string;
  let expiryDate: string;
  if (scenario === 'card_expired') {
    issueDate = randomDay(prng, `${ref - 12}-01-01`, `${ref - 8}-12-31`);
    expiryDate = foreign ? sameDayIn(yearOf(issueDate) + 5, issueDate) : sameDayIn(yearOf(issueDate) + 5, birthDate);
  } else if (foreign) {
    issueDate = randomDay(prng, `${ref - 1}-01-01`, lastIssueDay);
    expiryDate = sameDayIn(yearOf(issueDate) + 5, issueDate);
  } else {
    issueDate = randomDay(prng, `${ref - 6}-01-01`, lastIssueDay);
    expiryDate = sameDayIn(yearOf(issueDate) + 10, birthDate);
  }

  const runNumber = uniqueRun(prng, taken.runs, foreign, yearOf(birthDate));
  const checkDigit = runCheckDigit(runNumber);
  const serialSeries = issueDate >= ALPHANUMERIC_SERIES_FROM ? 'alphanumeric' : 'numeric';
  const serial = uniqueSerial(prng, taken.serials, serialSeries, issueDate);

  return {
    index,
    run: { number: runNumber, checkDigit, formatted: formatRun(runNumber, checkDigit) },
    givenNames,
    surnames,
    sex,
    birthDate,
    cardType,
    nationality,
    serial,
    serialSeries,
    issueDate,
    expiryDate,
    scenario,
    flags: {
      cardExpired: scenario === 'card_expired',
      cardBlocked: scenario === 'card_blocked',
      hasAccount: scenario === 'has_account',
      underAge: scenario === 'under_age',
    },
  };
}

function pickNames(prng: Prng, nationality: string, sex: Sex): { givenNames: string[]; surnames: string[] } {
  const pool =
    nationality === 'CHL'
      ? { given: CHILEAN_GIVEN_NAMES, surnames: CHILEAN_SURNAMES, surnameCount: 2 }
      : FOREIGN_NAMES[nationality as keyof typeof FOREIGN_NAMES];
  const givenCount = prng.chance(4, 5) ? 2 : 1;
  const givenNames = distinct(prng, pool.given[sex], givenCount);
  const surnames = pool.surnameCount === 2 ? [prng.pick(pool.surnames), prng.pick(pool.surnames)] : [prng.pick(pool.surnames)];
  return { givenNames, surnames };
}

function distinct(prng: Prng, items: readonly string[], count: number): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const item = prng.pick(items);
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

/**
 * Chilean RUNs grow with the year of registration, roughly 3 million around
 * 1940 to 26 million for children born in the mid-2010s; foreign residents
 * receive recent numbers. Real people hold these numbers too: the population
 * is synthetic in its combinations, not in its number ranges.
 */
function uniqueRun(prng: Prng, taken: Set<number>, foreign: boolean, birthYear: number): number {
  for (;;) {
    const center = foreign ? 25_000_000 : 3_000_000 + (birthYear - 1940) * 300_000;
    const run = Math.min(27_999_999, Math.max(1_000_000, center + prng.between(-2_000_000, 2_000_000)));
    if (!taken.has(run)) {
      taken.add(run);
      return run;
    }
  }
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = (prng: Prng, n: number): string => Array.from({ length: n }, () => String(prng.below(10))).join('');

/**
 * Numeric series: 9 digits; public samples start with 1 (cards expiring 2024)
 * or 5 (expiring 2031–2033), modelled here as before / since 2018. The
 * alphanumeric series copies the shape of the one public sample, `B5F089055`
 * (letter, digit, letter, six digits); its real grammar is not documented.
 */
function uniqueSerial(prng: Prng, taken: Set<string>, series: 'numeric' | 'alphanumeric', issueDate: string): string {
  for (;;) {
    const serial =
      series === 'numeric'
        ? `${issueDate < '2018-01-01' ? '1' : '5'}${digits(prng, 8)}`
        : `${prng.pick([...LETTERS])}${digits(prng, 1)}${prng.pick([...LETTERS])}${digits(prng, 6)}`;
    if (!taken.has(serial)) {
      taken.add(serial);
      return serial;
    }
  }
}
