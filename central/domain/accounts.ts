/**
 * What both activation paths share: the password check against the person,
 * and the messages an activation sends. Message texts are Spanish, as the
 * real service writes them; they never contain a password except the one
 * message whose purpose is to deliver a generated password.
 */
import type { DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import type { MessageChannel } from './mailbox.ts';
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

export function passwordDelivery(channel: MessageChannel, recipient: string, password: string) {
  return {
    channel,
    recipient,
    kind: 'generated_password' as const,
    ...(channel === 'email' ? { subject: 'Su contraseña de ClaveÚnica' } : {}),
    body:
      channel === 'email'
        ? `Su ClaveÚnica está activa. Su contraseña es: ${password}\nGuárdela en un lugar seguro; nadie del Estado se la pedirá.`
        : `ClaveUnica activa. Su contraseña: ${password} . No la comparta.`,
  };
}

export function activationNotice(email: string) {
  return {
    channel: 'email' as const,
    recipient: email,
    kind: 'account_activated' as const,
    subject: 'Su ClaveÚnica fue activada',
    body: 'Su ClaveÚnica quedó activa. Si usted no la activó, acuda a una oficina del Registro Civil.',
  };
}
