/**
 * The proof-of-work challenge the sign-in page asks for after repeated
 * failures (SHA-256 hashcash). Why this rather than a CAPTCHA: it needs no
 * third-party service (nothing about the citizen leaves the sandbox), and it
 * has no image or audio puzzle for a screen reader or a person to fail on;
 * the browser solves it by itself in about a second, while an attacker
 * guessing passwords pays that second for every guess.
 *
 * A challenge is `v1.<expires ms>.<salt>.<bits>.<mac>`: stateless to issue
 * (the HMAC under the server secret proves we made it, so it cannot be
 * forged or made easier), single use (the caller records spent ones until
 * they expire). A solution is a nonce such that SHA-256(challenge ":" nonce)
 * starts with `bits` zero bits.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { keyedHash, type RandomBytes } from './secrets.ts';

export const CHALLENGE_PURPOSE = 'sign-in-challenge';
const NONCE = /^[0-9]{1,16}$/;
const CHALLENGE = /^v1\.([0-9]{1,15})\.([A-Za-z0-9_-]{22})\.([0-9]{1,2})\.([A-Za-z0-9_-]{43})$/;

export function issueChallenge(secret: Uint8Array, random: RandomBytes, bits: number, expiresAt: number): string {
  const salt = Buffer.from(random(16)).toString('base64url');
  const body = `v1.${expiresAt}.${salt}.${bits}`;
  return `${body}.${keyedHash(secret, CHALLENGE_PURPOSE, body).toString('base64url')}`;
}

export type ChallengeCheck = { ok: true; expiresAt: number } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'too_easy' | 'wrong_nonce' };

/** Checks a challenge we issued and its solution; whether it was already spent is the caller's (it needs storage). */
export function checkChallenge(secret: Uint8Array, challenge: string, nonce: string, minimumBits: number, now: number): ChallengeCheck {
  const parts = CHALLENGE.exec(challenge);
  if (!parts || !NONCE.test(nonce)) return { ok: false, reason: 'malformed' };
  const body = challenge.slice(0, challenge.lastIndexOf('.'));
  const expected = keyedHash(secret, CHALLENGE_PURPOSE, body);
  const given = Buffer.from(parts[4]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  const expiresAt = Number(parts[1]);
  if (now >= expiresAt) return { ok: false, reason: 'expired' };
  const bits = Number(parts[3]);
  if (bits < minimumBits) return { ok: false, reason: 'too_easy' };
  return leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest()) >= bits
    ? { ok: true, expiresAt }
    : { ok: false, reason: 'wrong_nonce' };
}

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** What the page's script does, for tests and for a client without JavaScript that wants to comply by hand. */
export function solveChallenge(challenge: string): string {
  const bits = Number(challenge.split('.')[3]);
  for (let nonce = 0; ; nonce += 1) {
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest()) >= bits) return String(nonce);
  }
}
