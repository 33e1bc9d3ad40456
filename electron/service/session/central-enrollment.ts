/**
 * The session's view of central (session-ports.ts EnrollmentCentral) over
 * the typed client: each answer or problem becomes the outcome the session
 * machine understands. Unknown or unexpected refusals become `internal`
 * rather than a guess; anything that says central could not answer becomes
 * `unavailable` (Civil Digital says so, ChileAtiende offers to defer).
 */
import type { FailureReason } from '../../contract/index.ts';
import { FINGER_NAMES } from '../../../common/fingers.ts';
import type { CentralClient } from '../central/central-client.ts';
import type { ProblemCode } from '../central/central-contract.ts';
import { CentralProblem } from '../central/central-errors.ts';
import type { ActivateOutcome, CallOptions, CodeOutcome, EnrollmentCentral, VerifyOutcome } from './session-ports.ts';
import { type FingerName, isFingerGuidance, type PasswordRule } from './session-state.ts';

/** Refusals that end a session on their own failure screen. */
const REFUSALS: Readonly<Record<string, FailureReason>> = {
  identity_locked: 'locked',
  card_blocked: 'card_blocked',
  card_expired: 'card_expired',
  card_mismatch: 'card_not_current',
  under_age: 'under_age',
  already_has_account: 'already_enrolled',
  unknown_person: 'unknown_person',
  verification_token_expired: 'verification_expired',
  verification_token_invalid: 'verification_expired',
} satisfies Partial<Record<ProblemCode, FailureReason>>;

const PASSWORD_RULES: ReadonlySet<string> = new Set(['min_length', 'max_length', 'not_common', 'no_run', 'no_names']);

export function enrollmentCentral(client: CentralClient, options: { deadlineMs: number }): EnrollmentCentral {
  const call = (o: CallOptions) => ({ idempotencyKey: o.idempotencyKey, signal: o.signal, deadlineMs: options.deadlineMs });
  return {
    async verifyIdentity(request, o): Promise<VerifyOutcome> {
      try {
        const { value } = await client.verifyIdentity(request, call(o));
        if (value.matched)
          return { kind: 'matched', token: value.verificationToken, expiresAtMs: Date.parse(value.expiresAt), attemptsLeft: value.attemptsLeft };
        return { kind: 'no_match', attemptsLeft: value.attemptsLeft };
      } catch (error) {
        if (!(error instanceof CentralProblem) || error.status === 401 || error.retryable) return { kind: 'unavailable' };
        if (error.is('finger_not_enrolled')) {
          const enrolled = (error.enrolledFingers ?? []).filter((f): f is FingerName => (FINGER_NAMES as readonly string[]).includes(f));
          return enrolled.length > 0 ? { kind: 'finger_not_enrolled', enrolledFingers: enrolled } : { kind: 'refused', failure: 'internal' };
        }
        if (error.is('template_unusable')) return { kind: 'template_unusable' };
        if (error.is('image_unusable')) return { kind: 'image_unusable', guidance: isFingerGuidance(error.reason) ? error.reason : null };
        if (error.is('identity_locked')) return { kind: 'refused', failure: 'locked', lockedUntilMs: error.lockedUntilMs ?? null };
        return { kind: 'refused', failure: REFUSALS[error.problemCode] ?? 'internal' };
      }
    },

    async enrolledFingers(request, o): Promise<readonly FingerName[] | null> {
      try {
        const { value } = await client.enrolledFingers(request, call(o));
        return value.enrolledFingers.length > 0 ? value.enrolledFingers : null;
      } catch {
        // Unreachable, or a refusal the verification will state on its own screen: the default finger is asked for.
        return null;
      }
    },

    async issueActivationCode(request, o): Promise<CodeOutcome> {
      try {
        const { value } = await client.issueActivationCode(request, call(o));
        return { kind: 'issued', code: value.activationCode, display: value.display, expiresAtMs: Date.parse(value.expiresAt) };
      } catch (error) {
        return { kind: 'failed', failure: failureOf(error) };
      }
    },

    async activateOneStep(request, o): Promise<ActivateOutcome> {
      const { password, generate, ...contact } = request;
      try {
        await client.activateOneStep(password !== undefined ? { ...contact, password } : { ...contact, generate: generate ?? 'email' }, call(o));
        return { kind: 'activated' };
      } catch (error) {
        if (error instanceof CentralProblem && error.is('password_rejected')) {
          return { kind: 'password_rejected', rules: (error.failedRules ?? []).filter((r): r is PasswordRule => PASSWORD_RULES.has(r)) };
        }
        return { kind: 'failed', failure: failureOf(error) };
      }
    },
  };
}

function failureOf(error: unknown): FailureReason {
  if (!(error instanceof CentralProblem) || error.status === 401 || error.retryable) return 'central_unavailable';
  return REFUSALS[error.problemCode] ?? 'internal';
}
