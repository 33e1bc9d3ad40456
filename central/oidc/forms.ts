/**
 * The provider's form posts, read from untrusted input into typed values or
 * field errors (never a throw): bounded lengths, a RUN that must parse, an
 * unlock code of exactly 8 digits (spaces and hyphens a person might type
 * are dropped), a challenge and nonce only as a pair.
 */
import { parseRun } from '../domain/run.ts';
import { SECOND_FACTOR_CODE_LENGTH, UNLOCK_CODE_LENGTH } from '../domain/sign-in.ts';
import { choosePageLanguage, type PageLanguage, type PageTexts } from './messages.ts';
import type { FieldError } from './pages.ts';

/** Generous for a passphrase (the rules allow 64 code points, some of 4 bytes), far below what would slow Argon2id's input handling. */
export const PASSWORD_MAX_LENGTH = 256;
const TEXT_MAX_LENGTH = 64;
const CHALLENGE_MAX_LENGTH = 200;

export type FormRead<T> = { ok: true; value: T } | { ok: false; errors: FieldError[]; run: string };

export interface SignInForm {
  readonly run: string;
  readonly password: string;
  readonly challenge: { readonly token: string; readonly nonce: string } | undefined;
}

export interface UnlockForm {
  readonly run: string;
  readonly code: string;
  readonly action: 'unlock' | 'resend';
}

const single = (form: URLSearchParams, name: string): string => form.get(name) ?? '';

export function formLanguage(form: URLSearchParams): PageLanguage {
  return choosePageLanguage(single(form, 'lang').slice(0, 10), undefined, undefined);
}

function runField(form: URLSearchParams, texts: PageTexts, errors: FieldError[]): string {
  const run = single(form, 'run').trim();
  if (run === '') errors.push({ field: 'run', message: texts.runMissing });
  else if (run.length > TEXT_MAX_LENGTH || parseRun(run) === undefined) errors.push({ field: 'run', message: texts.runInvalid });
  return run.slice(0, TEXT_MAX_LENGTH);
}

export function readSignInForm(form: URLSearchParams, texts: PageTexts): FormRead<SignInForm> {
  const errors: FieldError[] = [];
  const run = runField(form, texts, errors);
  const password = single(form, 'password');
  if (password === '') errors.push({ field: 'password', message: texts.passwordMissing });
  else if (password.length > PASSWORD_MAX_LENGTH) errors.push({ field: 'password', message: texts.wrongCredentials });
  if (errors.length > 0) return { ok: false, errors, run };
  const token = single(form, 'pow_challenge');
  const nonce = single(form, 'pow_nonce');
  const challenge = token !== '' && nonce !== '' && token.length <= CHALLENGE_MAX_LENGTH && nonce.length <= TEXT_MAX_LENGTH ? { token, nonce } : undefined;
  return { ok: true, value: { run, password, challenge } };
}

export function readUnlockForm(form: URLSearchParams, texts: PageTexts): FormRead<UnlockForm> {
  const errors: FieldError[] = [];
  const run = runField(form, texts, errors);
  const action = single(form, 'action') === 'resend' ? 'resend' : 'unlock';
  const code = single(form, 'code').slice(0, TEXT_MAX_LENGTH).replace(/[\s-]/g, '');
  if (action === 'unlock' && !new RegExp(`^[0-9]{${UNLOCK_CODE_LENGTH}}$`).test(code)) errors.push({ field: 'code', message: texts.codeInvalid });
  if (errors.length > 0) return { ok: false, errors, run };
  return { ok: true, value: { run, code, action } };
}

/** The e-mailed second-factor code (and the masked address the page showed, to show it again). */
export function readSecondFactorForm(
  form: URLSearchParams,
  texts: PageTexts,
): { ok: true; code: string; hint: string } | { ok: false; errors: FieldError[]; hint: string } {
  const hint = single(form, 'hint').slice(0, 120);
  const code = single(form, 'code').slice(0, TEXT_MAX_LENGTH).replace(/[\s-]/g, '');
  if (!new RegExp(`^[0-9]{${SECOND_FACTOR_CODE_LENGTH}}$`).test(code))
    return { ok: false, errors: [{ field: 'code', message: texts.secondFactorInvalid }], hint };
  return { ok: true, code, hint };
}
