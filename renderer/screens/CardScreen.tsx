import { SessionScreen } from '../components/SessionScreen.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useSessionBusy } from '../store/hooks.ts';

const STEPS = ['turn', 'place', 'hold'] as const;

/**
 * Reading the cédula. The reader reads the back (the ICAO 9303 TD1 machine
 * readable zone and the QR code), so the screen shows which side and where.
 * A card error reported by the service shows in the error banner above.
 */
export function CardScreen() {
  const { t } = useCitizenTranslation();
  const busy = useSessionBusy();
  return (
    <SessionScreen title={t('card.title')} icon="card" exit="cancel" busyStatus={false}>
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
