/**
 * What both activation paths share: the password check against the person,
 * and a generated password that passes it. The messages an activation sends
 * are in messages.ts, in the citizen's language.
 */
import type { DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import { checkPassword, normalizePassword } from './password-rules.ts';
import type { PersonRecord } from './registry.ts';
import { parseRun } from './run.ts';
import { generatePassword } from './secrets.ts';

/** The NFKC password, or `password_rejected` naming every failed rule (so the kiosk ticks its checklist). */
export function acceptablePassword(
  ctx: DomainContext,
  person: PersonRecord,
  password: string,
): { ok: true; password: string } | { ok: false; error: DomainError } {
  const check = checkPassword(
    password,
    { run: parseRun(person.run)!, givenNames: person.givenNames, surnames: person.surnames },
    ctx.blocklist,
    ctx.policy.passwords,
  );
  if (check.ok) return { ok: true, password: normalizePassword(password) };
  return { ok: false, error: new DomainError('password_rejected', `failed: ${check.failed.join(', ')}`, { failedRules: check.failed }) };
}

/** A random password that also passes the rules (it practically always does the first time). */
export function generatedPassword(ctx: DomainContext, person: PersonRecord): string {
  for (;;) {
    const candidate = acceptablePassword(ctx, person, generatePassword(ctx.random));
    if (candidate.ok) return candidate.password;
  }
}
