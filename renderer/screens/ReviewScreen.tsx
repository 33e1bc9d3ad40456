import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { MaskedText } from '../components/MaskedText.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import {
  useActionsLocked,
  useCitizenFirstName,
  useCitizenRunMasked,
  useContactEmail,
  useContactPhone,
  useDeferred,
  usePasswordMethod,
} from '../store/hooks.ts';

/**
 * Before anything is activated, the citizen sees what will be used (WCAG
 * 3.3.4: reversible, checked, or confirmed), masked as the service sends it.
 */
export function ReviewScreen() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const deferred = useDeferred();
  const email = useContactEmail();
  const phone = useContactPhone();
  const method = usePasswordMethod();
  const firstName = useCitizenFirstName();
  const run = useCitizenRunMasked();
  return (
    <SessionScreen
      title={t('review.title')}
      icon="check"
      exit="cancel"
      actions={
        <>
          <button type="button" className="secondary-button" disabled={locked} onClick={() => commands.send({ type: 'back' })}>
            <Icon name="arrowLeft" />
            {t('review.back')}
          </button>
          <button type="button" className="primary-button" disabled={locked} onClick={() => commands.send({ type: 'review.confirm' })}>
            <Icon name="check" />
            {deferred ? t('review.confirmDeferred') : t('review.confirm')}
          </button>
        </>
      }
    >
      <p className="lead">{firstName === null ? t('review.lead') : t('review.leadNamed', { name: firstName })}</p>
      <dl className="review-list">
        {run === null ? null : (
          <div className="review-row">
            <dt>{t('review.run')}</dt>
            <dd>
              <MaskedText value={run} />
            </dd>
          </div>
        )}
        <div className="review-row">
          <dt>{t('review.email')}</dt>
          <dd>{email === null ? t('review.none') : <MaskedText value={email} />}</dd>
        </div>
        <div className="review-row">
          <dt>{t('review.phone')}</dt>
          <dd>{phone === null ? t('review.none') : <MaskedText value={phone} />}</dd>
        </div>
        <div className="review-row">
          <dt>{t('review.method')}</dt>
          <dd>{method === null ? t('review.none') : t(`review.methods.${method}`)}</dd>
        </div>
      </dl>
      {deferred ? <p className="hint">{t('review.deferredNote')}</p> : null}
    </SessionScreen>
  );
}
