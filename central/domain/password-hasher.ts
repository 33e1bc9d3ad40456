/**
 * Password hashing: Argon2id through @node-rs/argon2 at the OWASP floor
 * (reliability-security.md §4.2: m = 19 MiB, t = 2, p = 1; ASVS 5.0
 * Appendix C approves t = 2 with m ≥ 19 MiB). Measured on the development VM
 * at about 9 ms a hash (§4.1); test/bench/central-domain.bench.ts reports the
 * activation latency it gives. The hasher is an interface so tests can use
 * cheap parameters everywhere except the few that check the real ones.
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';

export interface Argon2idParameters {
  /** KiB. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const ARGON2ID_PARAMETERS: Argon2idParameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Algorithm is an ambient const enum, which isolatedModules cannot read; 2 is its Argon2id member. */
const ARGON2ID = 2 as Algorithm.Argon2id;

export interface PasswordHasher {
  /** A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
  hash(password: string): Promise<string>;
  verify(phc: string, password: string): Promise<boolean>;
  readonly parameters: Argon2idParameters;
}

export function argon2idHasher(parameters: Argon2idParameters = ARGON2ID_PARAMETERS): PasswordHasher {
  return {
    parameters,
    hash: (password) => hash(password, { algorithm: ARGON2ID, ...parameters }),
    verify: (phc, password) => verify(phc, password),
  };
}
