import { useId } from 'react';
import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked, usePrinterReady, useSessionMode } from '../store/hooks.ts';

type Collected = 'card' | 'fingerprint' | 'email' | 'phone';
const RIGHTS = ['access', 'rectification', 'cancellation', 'opposition'] as const;

/**
 * The privacy notice and consent (Ley 19.628, arts. 4 and 12): what is
 * collected, why, for how long, and the citizen's rights, in plain words,
 * before anything is read. Declining ends the session; nothing was captured.
 */
export function ConsentScreen() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const chileAtiende = useSessionMode() === 'chileatiende';
  // Known before the citizen accepts: no printed receipt will come, so none is promised.
  const printerReady = usePrinterReady();
  const codeOnScreen = !chileAtiende && !printerReady;
  const collected: readonly Collected[] = chileAtiende ? ['card', 'fingerprint', 'email', 'phone'] : ['card', 'fingerprint'];
  const ids = { collect: useId(), purpose: useId(), retention: useId(), rights: useId() };
  return (
    <SessionScreen
      title={t('consent.title')}
      icon="shield"
      exit={{ label: t('consent.decline'), event: { type: 'consent.decline' } }}
      actions={
        <>
          <button type="button" className="primary-button" disabled={locked} onClick={() => commands.send({ type: 'consent.accept' })}>
            <Icon name="check" />
            {t('consent.accept')}
          </button>
        </>
      }
    >
      <p className="lead">{t('consent.intro')}</p>
      <section className="notice-section" aria-labelledby={ids.collect}>
        <h2 id={ids.collect} className="section-title">
          {t('consent.collectTitle')}
        </h2>
        <ul className="notice-list">
          {collected.map((item) => (
            <li key={item}>{t(`consent.collect.${item}`)}</li>
          ))}
        </ul>
      </section>
      <section className="notice-section" aria-labelledby={ids.purpose}>
        <h2 id={ids.purpose} className="section-title">
          {t('consent.purposeTitle')}
        </h2>
        <p>{chileAtiende ? t('consent.purpose.chileatiende') : t('consent.purpose.civilDigital')}</p>
        {codeOnScreen ? <p className="kiosk-notice">{t('consent.codeOnScreen')}</p> : null}
      </section>
      <section className="notice-section" aria-labelledby={ids.retention}>
        <h2 id={ids.retention} className="section-title">
          {t('consent.retentionTitle')}
        </h2>
        <p>{t('consent.retention')}</p>
      </section>
      <section className="notice-section" aria-labelledby={ids.rights}>
        <h2 id={ids.rights} className="section-title">
          {t('consent.rightsTitle')}
        </h2>
        <ul className="notice-list">
          {RIGHTS.map((right) => (
            <li key={right}>{t(`consent.rights.${right}`)}</li>
          ))}
        </ul>
        <p>{t('consent.rightsHow')}</p>
      </section>
      <p className="consent-question">{t('consent.question')}</p>
      <p className="hint">{t('consent.declineNote')}</p>
    </SessionScreen>
  );
}
