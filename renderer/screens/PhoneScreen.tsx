import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { KeyboardDock } from '../components/keyboard/KeyboardDock.tsx';
import { KeyboardField } from '../components/keyboard/KeyboardField.tsx';
import { MaskedText } from '../components/MaskedText.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked, useContactPhone, useEditingFromReview, useEntryPhone, useVisibleError } from '../store/hooks.ts';
import { PHONE_DIGITS } from '../store/entry-store.ts';
import { useInitialField } from './use-initial-field.ts';

/** Every Chilean mobile number is +56 9 and eight digits, so only the eight are typed, on a numeric pad. */
export const PHONE_PREFIX = '+56 9';

/** Opened from the review to correct the number, the step goes back there (saved or unchanged) rather than on to the password. */
export function PhoneScreen() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const phone = useEntryPhone();
  const previous = useContactPhone();
  const error = useVisibleError();
  const editing = useEditingFromReview();
  useInitialField('phone');
  return (
    <SessionScreen
      title={t('phone.title')}
      icon="phone"
      exit="cancel"
      keyboard={<KeyboardDock />}
      actions={
        <>
          <button type="button" className="secondary-button" disabled={locked} onClick={() => commands.send({ type: 'back' })}>
            <Icon name="arrowLeft" />
            {editing ? t('review.cancelEdit') : t('session.back')}
          </button>
          <button
            type="button"
            className="primary-button"
            disabled={locked || phone.length !== PHONE_DIGITS}
            onClick={() => commands.send({ type: 'phone.submit', phone: `+569${phone}` })}
          >
            {editing ? t('review.saveEdit') : t('session.continue')}
            <Icon name={editing ? 'check' : 'arrowRight'} />
          </button>
        </>
      }
    >
      <p className="lead">{t('phone.lead')}</p>
      {editing ? <p className="hint">{t('review.editingNote')}</p> : null}
      {previous === null ? null : (
        <p className="hint">
          {t('phone.previous')} <MaskedText value={previous} />
        </p>
      )}
      <KeyboardField
        field="phone"
        label={t('phone.label')}
        hint={t('phone.hint', { digits: PHONE_DIGITS })}
        prefix={PHONE_PREFIX}
        value={phone}
        invalid={error?.code === 'session.phone_invalid'}
      />
      <p className="field-status" aria-live="polite">
        {phone.length > 0 && phone.length < PHONE_DIGITS ? t('phone.remaining', { count: PHONE_DIGITS - phone.length }) : ''}
      </p>
    </SessionScreen>
  );
}
