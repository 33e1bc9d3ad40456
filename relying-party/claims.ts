/**
 * What the "Tus datos" page shows of the claims the provider returned. The
 * userinfo response is input from another server: every claim is checked for
 * its ClaveÚnica shape (RolUnico {numero, DV, tipo}, name {nombres[],
 * apellidos[]}, email, phone) and anything else is shown as missing, never
 * echoed. RUN, e-mail and phone are masked even here: the page proves the
 * credential works, it is not a place to read a person's data back.
 */
import { maskRun } from '../common/run-mask.ts';
import { makeRun } from '../common/run.ts';

export interface ShownClaims {
  /** `12.345.***-5`, or null when the provider sent no valid RolUnico. */
  readonly run: string | null;
  /** Given names then surnames, as the provider sent them. */
  readonly name: string | null;
  /** `c***@example.cl`. */
  readonly email: string | null;
  /** `+56 9 **** 5678`. */
  readonly phone: string | null;
}

const MAX_TEXT = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' || text.length > MAX_TEXT ? null : text;
}

/** RolUnico.numero may arrive as a number or a string of digits; DV as '0'–'9' or 'K'. */
export function runFromClaim(claim: unknown): string | null {
  if (!isRecord(claim)) return null;
  const numero =
    typeof claim.numero === 'number' ? claim.numero : typeof claim.numero === 'string' && /^\d{1,9}$/.test(claim.numero) ? Number(claim.numero) : NaN;
  const dv = typeof claim.DV === 'string' ? claim.DV : typeof claim.DV === 'number' ? String(claim.DV) : '';
  if (!/^[0-9Kk]$/.test(dv)) return null;
  const run = makeRun(numero, dv);
  return run === null ? null : maskRun(run.formatted);
}

function nameFromClaim(claim: unknown): string | null {
  if (!isRecord(claim)) return null;
  const parts = (list: unknown) => (Array.isArray(list) ? list.map(shortText).filter((part): part is string => part !== null) : []);
  const all = [...parts(claim.nombres), ...parts(claim.apellidos)];
  return all.length === 0 ? null : all.join(' ').slice(0, MAX_TEXT);
}

/** First character of the local part, then `***`, then the domain. */
export function maskEmail(value: unknown): string | null {
  const email = shortText(value);
  const at = email?.lastIndexOf('@') ?? -1;
  if (email === null || at < 1 || at === email.length - 1) return null;
  return `${email[0]}***@${email.slice(at + 1)}`;
}

/** The last four digits only: `+56 9 **** 5678` for a Chilean mobile, `*** 5678` for anything else with digits. */
export function maskPhone(value: unknown): string | null {
  const phone = shortText(value);
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return null;
  const last = digits.slice(-4);
  return /^(?:56)?9\d{8}$/.test(digits) ? `+56 9 **** ${last}` : `*** ${last}`;
}

export function showClaims(claims: unknown): ShownClaims {
  const source = isRecord(claims) ? claims : {};
  return {
    run: runFromClaim(source.RolUnico),
    name: nameFromClaim(source.name),
    email: maskEmail(source.email),
    phone: maskPhone(source.phone),
  };
}
