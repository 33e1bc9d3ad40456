/**
 * The one population the simulators and the central sandbox share, and how a
 * person names a citizen in it: by RUN, as typed at a control line or a
 * developer command.
 */
import { generatePopulation, type Population, type SyntheticCitizen } from './population.ts';

let memo: Population | undefined;

/** The seeded default population (the one the central sandbox serves), built once: it takes a moment. */
export function defaultPopulation(): Population {
  memo ??= generatePopulation();
  return memo;
}

/**
 * A citizen by RUN as a person types it: with its check digit (`15.234.871-1`,
 * `15234871-1`, `152348711`), or the bare number (`15234871`). The first
 * reading wins, so a bare number is tried only when it is not a valid RUN.
 */
export function findCitizen(population: Population, run: string | number): SyntheticCitizen | undefined {
  if (typeof run === 'number') return population.byRun(run);
  const text = run.trim();
  return population.byRun(text) ?? (/^\d{7,8}$/.test(text) ? population.byRun(Number(text)) : undefined);
}
