import { describe, expect, it } from 'vitest';
import { DEFAULT_POPULATION_SEED, defaultPopulation, findCitizen, generatePopulation } from '../../../synthetic/citizens/index.ts';

const population = defaultPopulation();
const citizen = population.citizens[0]!;

describe('the default population', () => {
  it('is the seeded default, built once', () => {
    expect(population.seed).toBe(DEFAULT_POPULATION_SEED);
    expect(defaultPopulation()).toBe(population);
    expect(population.citizens).toEqual(generatePopulation().citizens);
  });
});

describe('findCitizen', () => {
  it('finds a citizen by RUN as typed: formatted, bare with or without hyphen, the number alone, or a number', () => {
    const { number, checkDigit, formatted } = citizen.run;
    for (const typed of [formatted, ` ${formatted} `, `${number}-${checkDigit}`, `${number}${checkDigit}`, String(number), number]) {
      expect(findCitizen(population, typed)?.index).toBe(citizen.index);
    }
  });

  it('finds nobody for an unknown RUN, a wrong check digit or text that is not a RUN', () => {
    expect(findCitizen(population, '1-9')).toBeUndefined();
    expect(findCitizen(population, `${citizen.run.number}-${citizen.run.checkDigit === '0' ? '1' : '0'}`)).toBeUndefined();
    expect(findCitizen(population, 'nobody')).toBeUndefined();
    expect(findCitizen(population, 1)).toBeUndefined();
  });
});
