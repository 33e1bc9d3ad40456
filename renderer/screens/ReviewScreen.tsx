import { formatChileanMobile } from '../../common/contact.ts';
import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { MaskedText } from '../components/MaskedText.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked, useCitizenFirstName, useCitizenRunMasked, useDeferred, usePasswordMethod, useReviewContact } from '../store/hooks.ts';

/**
 * Before anything is sent or activated, the citizen reads back what will be
 * used (WCAG 3.3.4: reversible, checked, or confirmed). The e-mail and phone
 * are typed once on a touch keyboard and carry the password and the notices,
 * so they are shown in full here (the service sends them on this step only),
 * each with its own way to change it; confirming is the only way forward.
 */
export function ReviewScreen() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const deferred = useDeferred();
  const contact = useReviewContact();
  const method = usePasswordMethod();
  const firstName = useCitizenFirstName();
  const run = useCitizenRunMasked();
  return (
    <SessionScreen
      title={t('review.title')}
      icon="check"
      exit="cancel"
      actions={
        <button type="button" className="primary-button" disabled={locked || contact === null} onClick={() => commands.send({ type: 'review.confirm' })}>
          <Icon name="check" />
          {deferred ? t('review.confirmDeferred') : t('review.confirm')}
        </button>
      }
    >
      <p className="lead">{firstName === null ? t('review.lead') : t('review.leadNamed', { name: firstName })}</p>
      <p className="hint review-privacy">{t('review.privacyNote')}</p>
      <dl className="review-list">
        {run === null ? null : (
          <div className="review-row">
            <dt>{t('review.run')}</dt>
            <dd>
              <MaskedText value={run} />
            </dd>
          </div>
        )}
        <ReviewRow
          label={t('review.email')}
          value={contact?.email ?? t('review.none')}
          edit={t('review.editEmail')}
          locked={locked}
          onEdit={() => commands.send({ type: 'review.editEmail' })}
        />
        <ReviewRow
          label={t('review.phone')}
          value={contact === null ? t('review.none') : formatChileanMobile(contact.phone)}
          edit={t('review.editPhone')}
          locked={locked}
          onEdit={() => commands.send({ type: 'review.editPhone' })}
        />
        <ReviewRow
          label={t('review.method')}
          value={method === null ? t('review.none') : t(`review.methods.${method}`)}
          edit={t('review.editMethod')}
          locked={locked}
          onEdit={() => commands.send({ type: 'back' })}
        />
      </dl>
      {deferred ? <p className="hint">{t('review.deferredNote')}</p> : null}
    </SessionScreen>
  );
}

interface ReviewRowProps {
  readonly label: string;
  readonly value: string;
  /** The edit button's name says which datum it changes ("Cambiar correo"), so each is found and read apart. */
  readonly edit: string;
  readonly locked: boolean;
  readonly onEdit: () => void;
}

function ReviewRow({ label, value, edit, locked, onEdit }: ReviewRowProps) {
  return (
    <div className="review-row review-row-editable">
      <dt>{label}</dt>
      <dd className="review-value">{value}</dd>
      <dd className="review-edit">
        <button type="button" className="secondary-button" disabled={locked} onClick={onEdit}>
          <Icon name="edit" />
          {edit}
        </button>
      </dd>
    </div>
  );
}
