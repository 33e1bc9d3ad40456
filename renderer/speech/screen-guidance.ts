import type { TFunction } from 'i18next';
import type { KioskError } from '../../electron/contract/errors.ts';
import type { SessionSnapshot } from '../../electron/contract/session.ts';
import type { Catalogue } from '../i18n/catalogues/es-CL.ts';
import type { ScreenId } from '../screens/choose-screen.ts';
import { outOfServiceText } from '../screens/out-of-service-text.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../screens/password/password-checklist.ts';
import { PHONE_DIGITS } from '../store/entry-store.ts';
import { PROPER_NAMES } from '../i18n/proper-names.ts';
import { spokenMasked, utterance } from './spoken-text.ts';

/** What is on the screen, as far as its guidance goes. */
export interface GuidanceView {
  readonly screen: ScreenId;
  /** Null before the first snapshot (connecting, unavailable). */
  readonly snapshot: SessionSnapshot | null;
  /** The error shown in the screen's alert region (the snapshot's, or the last command's). */
  readonly error: KioskError | null;
  /** The password step shows the typing form rather than the choice of method. */
  readonly passwordTyping: boolean;
  /** The idle warning dialog is open. */
  readonly idleWarning: boolean;
}

export interface GuidanceText {
  /** t bound to the language being spoken. */
  readonly t: TFunction<'translation'>;
  /** A date in that language (i18n/format-date.ts). */
  readonly formatDate: (iso: string) => string;
}

export interface Guidance {
  /**
   * Which screen this is, as the citizen would say: a change means a new
   * screen to announce in full (another step, language, failure, finger or
   * password form), anything else is the same screen.
   */
  readonly screenKey: string;
  /** The screen's title and main instruction, then its error, in the order they are shown (5.1.3.3). */
  readonly full: string;
  /**
   * What the screen announces in its live regions (an error, the reader's
   * feedback, the idle warning): spoken on its own when it changes on a
   * screen already announced. Empty when there is nothing.
   */
  readonly live: string;
}

type ErrorKey = `errors.${keyof Catalogue['errors']}`;
type WorkingStep = 'verifying' | 'issuingCode' | 'printing' | 'activating' | 'deferring';

/**
 * The spoken guidance for what is on screen: the screen's own catalogue
 * texts, already in the citizen's language, never anything the screen does
 * not show. Pure, so which text is spoken for a snapshot is tested without
 * a browser or a synthesiser.
 *
 * Deliberately not spoken: the activation code on `codeOnScreen` (anyone
 * nearby would hear it, and with the RUN it activates the citizen's
 * ClaveÚnica; EN 301 549 5.1.3.9 wants private listening for that) and the
 * password being typed. Masked values are spoken with their hidden part named.
 */
export function screenGuidance(view: GuidanceView, text: GuidanceText): Guidance {
  const { t } = text;
  const errorText = view.error === null ? null : t(view.error.messageKey as ErrorKey, { defaultValue: t('errors.internal') });
  const live = utterance([view.idleWarning ? t('idleWarning.title') : null, view.idleWarning ? t('idleWarning.body') : null, errorText, liveStatus(view, t)]);
  const [title, ...instruction] = screenParts(view, text);
  const full = view.idleWarning ? live : utterance([title, errorText, ...instruction]);
  const s = view.snapshot;
  const screenKey = [view.screen, s?.language ?? '', s?.failure ?? '', s?.finger?.name ?? '', view.passwordTyping ? 'typing' : ''].join('|');
  return { screenKey, full, live };
}

/** Status lines the screen updates while the citizen waits on a device (role="status" there). */
function liveStatus(view: GuidanceView, t: GuidanceText['t']): string | null {
  const s = view.snapshot;
  if (view.screen === 'card' && s?.busy) return t('card.reading');
  if (view.screen === 'finger' && s?.finger && s.finger.feedback !== 'waiting') return t(`finger.feedback.${s.finger.feedback}`);
  return null;
}

function screenParts(view: GuidanceView, { t, formatDate }: GuidanceText): Array<string | null> {
  const s = view.snapshot;
  const hidden = t('masked.hidden');
  const masked = (value: string | null | undefined) => (value === null || value === undefined ? null : spokenMasked(value, hidden));
  const chileAtiende = s?.mode === 'chileatiende';
  const working = (step: WorkingStep) => [t(`working.${step}.title`), t(`working.${step}.body`), t('working.wait')];
  const expires = s?.activationCode ? t('activation.expires', { date: formatDate(s.activationCode.expiresAt) }) : null;

  switch (view.screen) {
    case 'unavailable':
      return [t('unavailable.title'), t('unavailable.body')];
    case 'outOfService': {
      const text = outOfServiceText(s?.readiness.outOfService ?? { reasons: [], office: null }, t);
      return [t('kioskStatus.outOfService.title'), t('kioskStatus.outOfService.body'), ...text.reasons.map((r) => `${r.title}. ${r.body}`), text.where];
    }
    case 'connecting':
      return [t('connecting.message')];
    case 'attract':
      return [PROPER_NAMES.product, t('attract.lead'), t('help.steps.idle')];
    case 'sessionWelcome': {
      const needs = chileAtiende ? (['cedula', 'finger', 'email', 'phone'] as const) : (['cedula', 'finger'] as const);
      return [
        t('sessionWelcome.title'),
        t('sessionWelcome.needsIntro'),
        ...needs.map((need) => t(`sessionWelcome.needs.${need}`)),
        chileAtiende ? t('sessionWelcome.outcome.chileatiende') : t('sessionWelcome.outcome.civilDigital'),
        t('help.steps.welcome'),
      ];
    }
    case 'consent':
      return [
        t('consent.title'),
        t('consent.intro'),
        chileAtiende ? t('consent.purpose.chileatiende') : t('consent.purpose.civilDigital'),
        t('consent.question'),
      ];
    case 'card':
      return [t('card.title'), t('card.steps.turn'), t('card.steps.place'), t('card.steps.hold'), t('card.readerLocation')];
    case 'finger': {
      const finger = s?.finger ?? null;
      return [
        t('finger.title'),
        finger === null ? t('finger.useAny') : t('finger.use', { finger: t(`finger.names.${finger.name}`) }),
        t(`finger.feedback.${finger?.feedback ?? 'waiting'}`),
        t('finger.readerLocation'),
        finger === null || finger.attemptsLeft === null ? null : t('finger.attemptsLeft', { count: finger.attemptsLeft }),
      ];
    }
    case 'verifying':
    case 'issuingCode':
    case 'printing':
    case 'activating':
    case 'deferring':
      return working(view.screen);
    case 'codePrinted':
      return [t('codePrinted.title'), t('codePrinted.lead'), expires, t('codePrinted.keepPrivate')];
    case 'codeOnScreen':
      return [
        t('codeOnScreen.title'),
        s?.activationCode?.display ? t('codeOnScreen.lead') : t('codeOnScreen.missing'),
        t('codeOnScreen.warningTitle'),
        expires,
      ];
    case 'email':
      return [t('email.title'), t('email.lead'), t('help.steps.email')];
    case 'phone':
      return [t('phone.title'), t('phone.lead'), t('phone.hint', { digits: PHONE_DIGITS })];
    case 'password': {
      if (view.passwordTyping)
        return [t('password.typeTitle'), t('password.typeLead'), t('password.hint', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })];
      const email = masked(s?.contact?.email);
      const phone = masked(s?.contact?.phone);
      return [
        t('password.title'),
        t('password.lead'),
        email === null ? t('password.byEmail') : `${t('password.byEmail')}: ${t('password.sentTo')} ${email}`,
        phone === null ? t('password.bySms') : `${t('password.bySms')}: ${t('password.sentTo')} ${phone}`,
        s?.deferred ? t('password.deferredNote') : t('password.typeOwn'),
      ];
    }
    case 'review': {
      const name = s?.citizen?.firstName;
      const method = s?.contact?.passwordMethod ?? null;
      return [
        t('review.title'),
        name === undefined ? t('review.lead') : t('review.leadNamed', { name }),
        s?.citizen ? `${t('review.run')}: ${masked(s.citizen.runMasked)}` : null,
        `${t('review.email')}: ${masked(s?.contact?.email) ?? t('review.none')}`,
        `${t('review.phone')}: ${masked(s?.contact?.phone) ?? t('review.none')}`,
        `${t('review.method')}: ${method === null ? t('review.none') : t(`review.methods.${method}`)}`,
      ];
    }
    case 'activated': {
      const name = s?.citizen?.firstName;
      const method = s?.contact?.passwordMethod ?? null;
      return [
        name === undefined ? t('activated.title') : t('activated.titleNamed', { name }),
        t('activated.lead'),
        method === null ? null : t(`activated.next.${method}`),
      ];
    }
    case 'deferredOffer':
      return [
        t('deferredOffer.title'),
        t('deferredOffer.lead'),
        t('deferredOffer.offer'),
        t('deferredOffer.points.sealed'),
        t('deferredOffer.points.generated'),
      ];
    case 'deferred':
      return [t('deferred.title'), t('deferred.lead'), t('deferred.notify')];
    case 'failed': {
      const reason = s?.failure ?? 'internal';
      return [t(`failureTitle.${reason}`), t(`failure.${reason}`), t(`failureNext.${reason}`)];
    }
  }
}
