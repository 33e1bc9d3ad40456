import type { FailureReason } from '../../electron/contract/session.ts';
import type { IconName } from '../components/Icon.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useFailure } from '../store/hooks.ts';
import { LockoutDetails, PrintUnlockProcedureButton } from './LockoutDetails.tsx';
import { InPersonGuidance } from './InPersonGuidance.tsx';

const FAILURE_ICONS: Record<FailureReason, IconName> = {
  card_unreadable: 'card',
  card_expired: 'card',
  card_blocked: 'card',
  card_not_current: 'card',
  unknown_person: 'warning',
  under_age: 'warning',
  already_enrolled: 'key',
  locked: 'lock',
  finger_unreadable: 'fingerprint',
  device_failure: 'warning',
  central_unavailable: 'clock',
  verification_expired: 'clock',
  storage_full: 'warning',
  step_timeout: 'clock',
  internal: 'warning',
};

/**
 * One screen per reason the session failed (the contract's FAILURE_REASONS):
 * what happened, in plain words, and what the citizen can do next. The
 * message is an alert, so it is announced as the screen appears.
 */
export function FailedScreen() {
  const { t } = useCitizenTranslation();
  const reason = useFailure() ?? 'internal';
  return (
    <SessionScreen
      title={t(`failureTitle.${reason}`)}
      icon={FAILURE_ICONS[reason]}
      exit="home"
      actions={reason === 'locked' ? <PrintUnlockProcedureButton /> : undefined}
    >
      <p className="lead" role="alert">
        {t(`failure.${reason}`)}
      </p>
      <section className="notice-section next-steps" aria-labelledby="failure-next">
        <h2 id="failure-next" className="section-title">
          {t('failed.nextTitle')}
        </h2>
        <p>{t(`failureNext.${reason}`)}</p>
        {reason === 'locked' ? <LockoutDetails /> : null}
      </section>
      {reason === 'finger_unreadable' ? <InPersonGuidance /> : null}
    </SessionScreen>
  );
}
