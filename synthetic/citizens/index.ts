/** Synthetic citizens: a seeded population and the two ways a cédula presents it to a reader (MRZ, QR). */
export {
  ALPHANUMERIC_SERIES_FROM,
  DEFAULT_POPULATION_SEED,
  DEFAULT_POPULATION_SIZE,
  DEFAULT_REFERENCE_DATE,
  FOREIGN_SHARE,
  MINIMUM_AGE,
  SCENARIO_SHARES,
  generatePopulation,
  type CardType,
  type Population,
  type PopulationOptions,
  type Scenario,
  type Sex,
  type SyntheticCitizen,
} from './population.ts';
export { defaultPopulation, findCitizen } from './default-population.ts';
export { mrzName, mrzNameLine, mrzNames, renderMrz, type MrzCitizen } from './card-mrz.ts';
export { CEDULA_QR_BASE, percentEncodeLatin1, qrMrzField, qrName, renderQrUrl, type QrCitizen } from './card-qr.ts';
export { formatRun, icaoCheckDigit, runCheckDigit } from './check-digits.ts';
export { createPrng, createPrngFromState, seedNumber, shuffle, type Prng } from './prng.ts';
