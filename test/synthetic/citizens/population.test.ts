import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCheckDigit as driverRunCheckDigit } from '../../../drivers/card-reader/run.ts';
import {
  ALPHANUMERIC_SERIES_FROM,
  FOREIGN_SHARE,
  MINIMUM_AGE,
  SCENARIO_SHARES,
  createPrng,
  createPrngFromState,
  generatePopulation,
  runCheckDigit,
  type SyntheticCitizen,
} from '../../../synthetic/citizens/index.ts';

const population = generatePopulation();
const { citizens } = population;

const ageOn = (birthDate: string, day: string): number => {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
};
const digest = (people: readonly SyntheticCitizen[]): string => createHash('sha256').update(JSON.stringify(people)).digest('hex');

describe('the seeded generator', () => {
  it('reproduces the published xoshiro128** vector from state [1, 2, 3, 4]', () => {
    const prng = createPrngFromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => prng.uint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('gives the same sequence for the same seed, number or string', () => {
    const a = createPrng('kiosk');
    const b = createPrng('kiosk');
    expect(Array.from({ length: 100 }, () => a.uint32())).toEqual(Array.from({ length: 100 }, () => b.uint32()));
    expect(createPrng(42).uint32()).toBe(2837322924);
  });

  it('draws below(n) within [0, n)', () => {
    const prng = createPrng(7);
    for (let i = 0; i < 1000; i++) expect(prng.below(11)).toBeLessThan(11);
    expect(() => prng.below(0)).toThrow(RangeError);
  });
});

describe('a synthetic population', () => {
  it('is byte-for-byte the same for the same seed, on every run and machine (pinned digest)', () => {
    expect(digest(generatePopulation().citizens)).toBe(digest(citizens));
    // Changing the generator changes every consumer's fixtures (central sandbox, simulators): update this on purpose.
    expect(digest(citizens)).toBe('8253dfaa5cbb154ef602789e656e07ba9c8cc5a63ef953b5a9f3a0a236211718');
  });

  it('differs for a different seed', () => {
    const other = generatePopulation({ seed: 'another seed' });
    expect(digest(other.citizens)).not.toBe(digest(citizens));
    const runs = new Set(citizens.map((c) => c.run.number));
    expect(other.citizens.filter((c) => runs.has(c.run.number)).length).toBeLessThan(10);
  });

  it('has 1,000 citizens by default, any size on request, and refuses nonsense sizes', () => {
    expect(citizens).toHaveLength(1000);
    expect(generatePopulation({ size: 5000 }).citizens).toHaveLength(5000);
    expect(() => generatePopulation({ size: 0 })).toThrow(RangeError);
    expect(() => generatePopulation({ referenceDate: '2026-02-30' })).toThrow(RangeError);
  });

  it('has each failure scenario in its exact share, with flags that agree and never overlap', () => {
    for (const [scenario, share] of Object.entries(SCENARIO_SHARES)) {
      expect(citizens.filter((c) => c.scenario === scenario)).toHaveLength(Math.round(1000 * share));
    }
    for (const c of citizens) {
      const raised = Object.entries(c.flags)
        .filter(([, on]) => on)
        .map(([flag]) => flag);
      expect(raised.length).toBe(c.scenario === 'ok' ? 0 : 1);
    }
    expect(citizens.filter((c) => c.flags.cardExpired)).toHaveLength(80);
    expect(citizens.filter((c) => c.flags.cardBlocked)).toHaveLength(40);
    expect(citizens.filter((c) => c.flags.hasAccount)).toHaveLength(100);
    expect(citizens.filter((c) => c.flags.underAge)).toHaveLength(50);
  });

  it.each([population.referenceDate, population.flagsHoldThrough])('keeps expiry and age flags true on %s', (day) => {
    for (const c of citizens) {
      expect(c.expiryDate < day, `card of #${c.index}`).toBe(c.flags.cardExpired);
      expect(ageOn(c.birthDate, day) < MINIMUM_AGE, `age of #${c.index}`).toBe(c.flags.underAge);
    }
  });

  it('orders every life: born, then issued, then expiring', () => {
    for (const c of citizens) {
      expect(c.birthDate < c.issueDate).toBe(true);
      expect(c.issueDate < c.expiryDate).toBe(true);
      expect(c.issueDate < population.referenceDate).toBe(true);
    }
  });

  it('gives every citizen a unique RUN with a right módulo-11 digit, including K and 0, 7 and 8 digits', () => {
    expect(new Set(citizens.map((c) => c.run.number)).size).toBe(1000);
    for (const c of citizens) {
      expect(c.run.checkDigit).toBe(runCheckDigit(c.run.number));
      expect(c.run.checkDigit).toBe(driverRunCheckDigit(c.run.number));
      expect(c.run.formatted).toMatch(/^\d{1,2}\.\d{3}\.\d{3}-[0-9K]$/);
    }
    const digits = new Set(citizens.map((c) => c.run.checkDigit));
    expect([...digits].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'K']);
    expect(citizens.some((c) => c.run.number < 10_000_000)).toBe(true);
    expect(citizens.some((c) => c.run.number >= 10_000_000)).toBe(true);
  });

  it('has Chileans (CEDULA, CHL) and foreign residents (CEDULA_EXT) from the main countries', () => {
    const foreigners = citizens.filter((c) => c.cardType === 'CEDULA_EXT');
    expect(foreigners).toHaveLength(Math.round(1000 * FOREIGN_SHARE));
    expect(foreigners.every((c) => c.nationality !== 'CHL')).toBe(true);
    expect(citizens.filter((c) => c.cardType === 'CEDULA').every((c) => c.nationality === 'CHL')).toBe(true);
    for (const code of ['HTI', 'VEN', 'PER', 'COL']) expect(foreigners.some((c) => c.nationality === code)).toBe(true);
  });

  it('issues unique serials of both series, the series following the issue date', () => {
    expect(new Set(citizens.map((c) => c.serial)).size).toBe(1000);
    for (const c of citizens) {
      expect(c.serialSeries).toBe(c.issueDate >= ALPHANUMERIC_SERIES_FROM ? 'alphanumeric' : 'numeric');
      expect(c.serial).toMatch(c.serialSeries === 'numeric' ? /^\d{9}$/ : /^[A-Z]\d[A-Z]\d{6}$/);
    }
    expect(citizens.filter((c) => c.serialSeries === 'numeric').length).toBeGreaterThan(100);
    expect(citizens.filter((c) => c.serialSeries === 'alphanumeric').length).toBeGreaterThan(100);
  });

  it('writes names with accents, ñ and ü, all within ISO-8859-1', () => {
    const everyName = citizens.flatMap((c) => [...c.givenNames, ...c.surnames]);
    expect(everyName.some((n) => /[ÁÉÍÓÚáéíóú]/.test(n))).toBe(true);
    expect(everyName.some((n) => /[ñÑ]/.test(n))).toBe(true);
    expect(everyName.some((n) => /ü/.test(n))).toBe(true);
    expect(everyName.every((n) => /^[\u0020-\u007e\u00a0-\u00ff]+$/.test(n))).toBe(true);
    expect(citizens.filter((c) => c.cardType === 'CEDULA').every((c) => c.surnames.length === 2)).toBe(true);
  });

  it('finds a citizen by RUN, however the RUN is written, and not with a wrong check digit', () => {
    const someone = citizens.find((c) => c.run.checkDigit === 'K')!;
    const { number, checkDigit, formatted } = someone.run;
    expect(population.byRun(number)).toBe(someone);
    expect(population.byRun(formatted)).toBe(someone);
    expect(population.byRun(`${number}-${checkDigit.toLowerCase()}`)).toBe(someone);
    expect(population.byRun(`0${number}${checkDigit}`)).toBe(someone);
    expect(population.byRun(`${number}-0`)).toBeUndefined();
    expect(population.byRun('not a run')).toBeUndefined();
    expect(generatePopulation().byRun(formatted)?.index).toBe(someone.index);
  });
});
