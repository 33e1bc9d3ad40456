import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked } from '../store/hooks.ts';

/**
 * ChileAtiende while central is unreachable (ARCHITECTURE.md, offline
 * behaviour): explain, and let the citizen choose to leave the enrollment
 * sealed in the queue or come back another day.
 */
export function DeferredOfferScreen() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  return (
    <SessionScreen
      title={t('deferredOffer.title')}
      icon="clock"
      exit={{ label: t('deferredOffer.decline'), event: { type: 'deferred.decline' } }}
      actions={
        <>
          <button type="button" className="primary-button" disabled={locked} onClick={() => commands.send({ type: 'deferred.accept' })}>
            <Icon name="check" />
            {t('deferredOffer.accept')}
          </button>
        </>
      }
    >
      <p className="lead">{t('deferredOffer.lead')}</p>
      <p>{t('deferredOffer.offer')}</p>
      <ul className="notice-list">
        <li>{t('deferredOffer.points.sealed')}</li>
        <li>{t('deferredOffer.points.generated')}</li>
        <li>{t('deferredOffer.points.notified')}</li>
      </ul>
      <p className="hint">{t('deferredOffer.declineNote')}</p>
    </SessionScreen>
  );
}
