/**
 * Random secrets and how they are stored. Tokens and codes are kept only as
 * HMAC-SHA256 under the server secret (never in clear), with a purpose label
 * so a value of one kind can never be taken for another. An HMAC rather than
 * a bare SHA-256: an activation code has about 59 bits, so an unkeyed hash
 * from a leaked database could be brute-forced offline; without the secret
 * (a separate file, storage/server-secret.ts) it cannot.
 */
import { createHmac, randomBytes as nodeRandomBytes } from 'node:crypto';

export type RandomBytes = (length: number) => Uint8Array;
export const systemRandomBytes: RandomBytes = (length) => new Uint8Array(nodeRandomBytes(length));

export function keyedHash(secret: Uint8Array, purpose: string, ...parts: readonly string[]): Buffer {
  const hmac = createHmac('sha256', secret).update(`${purpose}\0`);
  for (const part of parts) hmac.update(`${part.length}:${part}`);
  return hmac.digest();
}

/** 32 random bytes, base64url without padding: 43 characters, 256 bits. */
export function newToken(random: RandomBytes): string {
  return Buffer.from(random(32)).toString('base64url');
}

/** Picks `length` characters from `alphabet` without modulo bias (rejection sampling). */
export function randomString(random: RandomBytes, alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/**
 * Activation codes are read off a paper receipt and typed on a phone, so the
 * alphabet drops the characters people confuse: 0/O, 1/I/L. 31 symbols, 12
 * characters: 31^12 ≈ 7.9 × 10^17 (59 bits), against a guessing budget of
 * ACTIVATION_CODE_ATTEMPTS per RUN per day (rate-limits.ts).
 */
export const ACTIVATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ACTIVATION_CODE_LENGTH = 12;

export function generateActivationCode(random: RandomBytes): string {
  return randomString(random, ACTIVATION_CODE_ALPHABET, ACTIVATION_CODE_LENGTH);
}

/** `ABCD-EFGH-JKMN`: groups of four for the receipt and the screen. */
export function formatActivationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** What a person typed → the code, or undefined if it cannot be one (case, spaces and hyphens ignored). */
export function normalizeActivationCode(text: string): string | undefined {
  if (text.length > 40) return undefined;
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return code.length === ACTIVATION_CODE_LENGTH && [...code].every((c) => ACTIVATION_CODE_ALPHABET.includes(c)) ? code : undefined;
}

/**
 * Generated passwords (ChileAtiende "send me a password") are read off a
 * phone and typed on another device: lower-case letters and digits only (no
 * shift key), without the look-alikes 0/o, 1/l/i, in four groups of five
 * joined by hyphens, which are part of the password (`k7mqx-2hbtr-…`).
 * 31 symbols × 20 characters ≈ 99 bits: long rather than symbol-rich.
 */
export const GENERATED_PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const GENERATED_PASSWORD_GROUPS = 4;
export const GENERATED_PASSWORD_GROUP_LENGTH = 5;

export function generatePassword(random: RandomBytes): string {
  const characters = randomString(random, GENERATED_PASSWORD_ALPHABET, GENERATED_PASSWORD_GROUPS * GENERATED_PASSWORD_GROUP_LENGTH);
  return characters.match(new RegExp(`.{${GENERATED_PASSWORD_GROUP_LENGTH}}`, 'g'))!.join('-');
}
