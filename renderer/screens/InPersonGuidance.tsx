import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked, useGuidanceSlip } from '../store/hooks.ts';

/**
 * The way out when the prints cannot be read: enroll in person, where, and
 * what to bring (an alternative to biometrics, as public-terminal guidance
 * asks), with the same directions printable on the receipt printer when it
 * is ready. The print's outcome is a polite status, heard when it changes.
 */
export function InPersonGuidance() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const slip = useGuidanceSlip();
  const locked = useActionsLocked();
  return (
    <section className="notice-section in-person" aria-labelledby="in-person-title">
      <h2 id="in-person-title" className="section-title">
        {t('inPerson.title')}
      </h2>
      <p>{t('inPerson.body')}</p>
      <dl className="in-person-facts">
        <dt>{t('inPerson.whereLabel')}</dt>
        <dd>{t('inPerson.where')}</dd>
        <dt>{t('inPerson.bringLabel')}</dt>
        <dd>{t('inPerson.bring')}</dd>
      </dl>
      <p>{t('inPerson.find')}</p>
      {slip === null ? null : (
        <>
          {slip === 'offered' || slip === 'failed' ? (
            <button type="button" className="secondary-button" disabled={locked} onClick={() => commands.send({ type: 'guidance.print' })}>
              <Icon name="printer" />
              {t('inPerson.print')}
            </button>
          ) : null}
          <p className="live-status" role="status">
            {slip === 'printing' ? t('inPerson.printing') : slip === 'printed' ? t('inPerson.printed') : slip === 'failed' ? t('inPerson.printFailed') : ''}
          </p>
        </>
      )}
    </section>
  );
}
