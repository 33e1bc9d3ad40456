import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { KeyboardDock } from '../components/keyboard/KeyboardDock.tsx';
import { KeyboardField } from '../components/keyboard/KeyboardField.tsx';
import { MaskedText } from '../components/MaskedText.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked, useContactEmail, useEditingFromReview, useEntryConfirmation, useEntryEmail, useVisibleError } from '../store/hooks.ts';
import { useInitialField } from './use-initial-field.ts';

/**
 * ChileAtiende: the e-mail address, typed twice so a slip of the finger on a
 * touch keyboard is caught here rather than in a password that never
 * arrives. The service checks the shape and the match; the screen only says
 * early that the two differ. Opened from the review to correct the address,
 * it goes back there (saved or unchanged) rather than on to the phone.
 */
export function EmailScreen() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const email = useEntryEmail();
  const confirmation = useEntryConfirmation();
  const previous = useContactEmail();
  const error = useVisibleError();
  const editing = useEditingFromReview();
  useInitialField('email');
  const differ = email !== '' && confirmation.length >= email.length && confirmation !== email;
  const complete = email.trim() !== '' && confirmation.trim() !== '';
  return (
    <SessionScreen
      title={t('email.title')}
      icon="email"
      exit="cancel"
      keyboard={<KeyboardDock />}
      actions={
        <>
          {editing ? (
            <button type="button" className="secondary-button" disabled={locked} onClick={() => commands.send({ type: 'back' })}>
              <Icon name="arrowLeft" />
              {t('review.cancelEdit')}
            </button>
          ) : null}
          <button
            type="button"
            className="primary-button"
            disabled={locked || !complete}
            onClick={() => commands.send({ type: 'email.submit', email: email.trim(), confirmation: confirmation.trim() })}
          >
            {editing ? t('review.saveEdit') : t('session.continue')}
            <Icon name={editing ? 'check' : 'arrowRight'} />
          </button>
        </>
      }
    >
      <p className="lead">{t('email.lead')}</p>
      {editing ? <p className="hint">{t('review.editingNote')}</p> : null}
      {previous === null ? null : (
        <p className="hint">
          {t('email.previous')} <MaskedText value={previous} />
        </p>
      )}
      <KeyboardField field="email" label={t('email.label')} value={email} invalid={error?.code === 'session.email_invalid'} />
      <KeyboardField
        field="confirmation"
        label={t('email.confirmationLabel')}
        hint={t('email.confirmationHint')}
        value={confirmation}
        invalid={differ || error?.code === 'session.email_mismatch'}
      />
      <p className="field-status" aria-live="polite">
        {differ ? t('email.differ') : ''}
      </p>
    </SessionScreen>
  );
}
