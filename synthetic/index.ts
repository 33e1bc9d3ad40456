/**
 * Synthetic people for development, simulators, the central sandbox and tests:
 * citizens with their cards, and their fingers. Deterministic from a seed;
 * never used on a production path.
 */
export * from './citizens/index.ts';
export * from './fingers/index.ts';
