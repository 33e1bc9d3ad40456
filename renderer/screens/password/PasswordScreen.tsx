import { useEffect, useId } from 'react';
import { useStore } from 'zustand';
import { useCitizenCommands } from '../../citizen-commands.ts';
import { Icon } from '../../components/Icon.tsx';
import { KeyboardDock } from '../../components/keyboard/KeyboardDock.tsx';
import { KeyboardField } from '../../components/keyboard/KeyboardField.tsx';
import { MaskedText } from '../../components/MaskedText.tsx';
import { SessionScreen } from '../../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../../i18n/use-citizen-translation.ts';
import {
  useActionsLocked,
  useContactEmail,
  useContactPhone,
  useDeferred,
  useEntryPassword,
  useEntryPasswordRepeat,
  usePasswordFailedRules,
  usePasswordOwner,
  usePasswordTyping,
  usePasswordVisible,
} from '../../store/hooks.ts';
import { entryStore } from '../../store/entry-store.ts';
import { useInitialField } from '../use-initial-field.ts';
import { BrokenRules, PasswordChecklist, RepeatStatus, StrengthMeter } from './PasswordChecklist.tsx';
import {
  brokenRules,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordChecklist,
  passwordSendable,
  passwordStrength,
  repeatState,
} from './password-checklist.ts';
import { loadCommonPasswords, useCommonPasswords } from './use-common-passwords.ts';

/**
 * ChileAtiende: how the citizen gets a password. A random one by e-mail or
 * SMS, or one typed here (not offered for a deferred enrollment: it would
 * have to wait on the kiosk's disk). The typed password lives in the entry
 * store only until it is sent (kiosk-link.ts clears it).
 */
export function PasswordScreen() {
  const typing = usePasswordTyping();
  // Central refused a typed password: open the typing view, where the broken rules are listed
  // (once per refusal; the citizen can still go back to choosing a random one).
  const refused = usePasswordFailedRules() !== null;
  const setTyping = useStore(entryStore, (s) => s.setPasswordTyping);
  useEffect(() => {
    if (refused) setTyping(true);
  }, [refused, setTyping]);
  // The common-password list is a chunk of its own: fetch it while the citizen chooses a method.
  useEffect(() => {
    void loadCommonPasswords();
  }, []);
  return typing ? <TypePassword /> : <ChooseMethod />;
}

function ChooseMethod() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const deferred = useDeferred();
  const email = useContactEmail();
  const phone = useContactPhone();
  const setTyping = useStore(entryStore, (s) => s.setPasswordTyping);
  return (
    <SessionScreen title={t('password.title')} icon="key" exit="cancel" actions={<BackButton />}>
      <p className="lead">{t('password.lead')}</p>
      <div className="method-list">
        <button type="button" className="method-button" disabled={locked} onClick={() => commands.send({ type: 'password.generate', channel: 'email' })}>
          <Icon name="email" />
          <span className="method-text">
            <span className="method-title">{t('password.byEmail')}</span>
            {email === null ? null : (
              <span className="method-detail">
                {t('password.sentTo')} <MaskedText value={email} />
              </span>
            )}
          </span>
        </button>
        <button type="button" className="method-button" disabled={locked} onClick={() => commands.send({ type: 'password.generate', channel: 'sms' })}>
          <Icon name="phone" />
          <span className="method-text">
            <span className="method-title">{t('password.bySms')}</span>
            {phone === null ? null : (
              <span className="method-detail">
                {t('password.sentTo')} <MaskedText value={phone} />
              </span>
            )}
          </span>
        </button>
        {deferred ? (
          <p className="hint">{t('password.deferredNote')}</p>
        ) : (
          <button type="button" className="method-button" disabled={locked} onClick={() => setTyping(true)}>
            <Icon name="key" />
            <span className="method-text">
              <span className="method-title">{t('password.typeOwn')}</span>
              <span className="method-detail">{t('password.typeOwnDetail')}</span>
            </span>
          </button>
        )}
      </div>
    </SessionScreen>
  );
}

function TypePassword() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const password = useEntryPassword();
  const repeat = useEntryPasswordRepeat();
  const visible = usePasswordVisible();
  const failedRules = usePasswordFailedRules();
  const owner = usePasswordOwner();
  const blocklist = useCommonPasswords();
  const toggleVisible = useStore(entryStore, (s) => s.togglePasswordVisible);
  const setTyping = useStore(entryStore, (s) => s.setPasswordTyping);
  const rulesId = useId();
  useInitialField('password');
  const items = passwordChecklist(password, { owner, blocklist }, failedRules);
  const repeated = repeatState(password, repeat);
  const broken = password === '' ? [] : brokenRules(items);
  return (
    <SessionScreen
      title={t('password.typeTitle')}
      icon="key"
      exit="cancel"
      keyboard={<KeyboardDock />}
      actions={
        <>
          <button type="button" className="secondary-button" disabled={locked} onClick={() => setTyping(false)}>
            <Icon name="arrowLeft" />
            {t('password.otherMethod')}
          </button>
          <button
            type="button"
            className="primary-button"
            disabled={locked || !passwordSendable(items, repeated)}
            onClick={() => commands.send({ type: 'password.submit', password })}
          >
            {t('password.submit')}
            <Icon name="arrowRight" />
          </button>
        </>
      }
    >
      <p className="lead">{t('password.typeLead')}</p>
      <KeyboardField
        field="password"
        label={t('password.label')}
        hint={t('password.hint', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
        value={password}
        masked={!visible}
        invalid={broken.length > 0 || (failedRules !== null && failedRules.length > 0 && password === '')}
        trailing={
          <button type="button" className="secondary-button reveal-button" aria-pressed={visible} onClick={toggleVisible}>
            <Icon name={visible ? 'eyeOff' : 'eye'} />
            {t('password.show')}
          </button>
        }
        status={
          <>
            <BrokenRules rules={broken} allMet={password !== '' && items.every((item) => item.state === 'met')} />
            <StrengthMeter strength={passwordStrength(password, items)} />
          </>
        }
      />
      <KeyboardField
        field="passwordRepeat"
        label={t('password.repeatLabel')}
        value={repeat}
        masked={!visible}
        invalid={repeated === 'differs'}
        status={<RepeatStatus state={repeated} />}
      />
      <PasswordChecklist items={items} id={rulesId} />
    </SessionScreen>
  );
}

function BackButton() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  return (
    <button type="button" className="secondary-button" disabled={locked} onClick={() => commands.send({ type: 'back' })}>
      <Icon name="arrowLeft" />
      {t('session.back')}
    </button>
  );
}
