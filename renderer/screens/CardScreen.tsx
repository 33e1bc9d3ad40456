import { formatRunInput, readRun } from '../../common/run.ts';
import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { KeyboardDock } from '../components/keyboard/KeyboardDock.tsx';
import { KeyboardField } from '../components/keyboard/KeyboardField.tsx';
import { SessionScreen } from '../components/SessionScreen.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked, useEntryRun, useRunTyping, useSessionBusy, useSessionMode, useVisibleError } from '../store/hooks.ts';
import { entryStore } from '../store/entry-store.ts';
import { useInitialField } from './use-initial-field.ts';

const STEPS = ['turn', 'place', 'hold'] as const;

/**
 * The shortest RUT worth judging: a seven-digit RUN and its check digit.
 * Shorter, the citizen is still typing and a "wrong" check digit would only
 * be the digit typed last.
 */
const RUN_JUDGED_FROM = 8;

/**
 * Reading the cédula. The reader reads the back (the ICAO 9303 TD1 machine
 * readable zone and the QR code), so the screen shows which side and where.
 * A card error reported by the service shows in the error banner above.
 * Civil Digital also offers "Ingresar mi RUT" (the seed: "comprueba su
 * identidad a través de su RUT y huella dactilar"); ChileAtiende is card and
 * finger only.
 */
export function CardScreen() {
  const typing = useRunTyping();
  const mode = useSessionMode();
  return typing && mode === 'civil-digital' ? <RunEntry /> : <CardInstructions offerRun={mode === 'civil-digital'} />;
}

function CardInstructions({ offerRun }: { readonly offerRun: boolean }) {
  const { t } = useCitizenTranslation();
  const busy = useSessionBusy();
  const locked = useActionsLocked();
  return (
    <SessionScreen
      title={t('card.title')}
      icon="card"
      exit="cancel"
      busyStatus={false}
      actions={
        offerRun ? (
          <button type="button" className="secondary-button" disabled={locked} onClick={() => entryStore.getState().setRunTyping(true)}>
            {t('card.typeRun')}
            <Icon name="arrowRight" />
          </button>
        ) : undefined
      }
    >
      <div className="instruction-layout">
        <div className="card-animation" aria-hidden="true">
          <div className="cedula">
            <span className="cedula-qr" />
            <span className="cedula-mrz">
              <span />
              <span />
              <span />
            </span>
          </div>
          <div className="card-reader" />
        </div>
        <ol className="instruction-list">
          {STEPS.map((step) => (
            <li key={step}>{t(`card.steps.${step}`)}</li>
          ))}
        </ol>
      </div>
      <p className="hint">{t('card.readerLocation')}</p>
      <p className="live-status" role="status">
        {busy ? <Spinner /> : null}
        {busy ? t('card.reading') : t('card.waiting')}
      </p>
      <p className="hint">{t('card.privacy')}</p>
    </SessionScreen>
  );
}

/** The RUT keypad: digits and K, the check digit judged as the citizen types, Continue only for a valid RUT. */
function RunEntry() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const typed = useEntryRun();
  const error = useVisibleError();
  useInitialField('run');
  const shown = formatRunInput(typed);
  const read = readRun(shown);
  const judged = typed.length >= RUN_JUDGED_FROM;
  const wrongDigit = judged && !read.ok && read.error.code === 'check_digit';
  const status = read.ok ? t('card.runValid') : wrongDigit ? t('card.runCheckDigit') : judged ? t('card.runMalformed') : '';
  return (
    <SessionScreen
      title={t('card.runTitle')}
      icon="card"
      exit="cancel"
      keyboard={<KeyboardDock />}
      actions={
        <>
          <button type="button" className="secondary-button" disabled={locked} onClick={() => entryStore.getState().setRunTyping(false)}>
            <Icon name="arrowLeft" />
            {t('card.useCard')}
          </button>
          <button
            type="button"
            className="primary-button"
            disabled={locked || !read.ok}
            onClick={() => read.ok && commands.send({ type: 'run.submit', run: read.run.formatted })}
          >
            {t('session.continue')}
            <Icon name="arrowRight" />
          </button>
        </>
      }
    >
      <p className="lead">{t('card.runLead')}</p>
      <KeyboardField
        field="run"
        label={t('card.runLabel')}
        hint={t('card.runHint')}
        value={shown}
        invalid={(judged && !read.ok) || error?.code === 'session.run_invalid'}
      />
      <p className={read.ok ? 'field-status field-status-ok' : 'field-status'} aria-live="polite">
        {status}
      </p>
    </SessionScreen>
  );
}
