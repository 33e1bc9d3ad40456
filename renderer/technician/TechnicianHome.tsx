import { useCallback, useEffect, useState } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';
import type { TechnicianConfig, TechnicianStatus } from '../../electron/contract/technician.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { DevicesPanel } from './DevicesPanel.tsx';
import { HealthPanel } from './HealthPanel.tsx';
import { ChangePinView } from './PinScreens.tsx';
import { SetupPanel } from './SetupPanel.tsx';
import { techForm } from './technician-form.ts';

type Kiosk = Pick<KioskApi, 'technician' | 'devices'>;
type Section = 'devices' | 'setup' | 'health' | 'pin';
const SECTIONS: readonly Section[] = ['devices', 'setup', 'health', 'pin'];

/** Technician mode once the PIN is accepted: four sections and the way out. */
export function TechnicianHome({ kiosk, status, onExit }: { kiosk: Kiosk; status: TechnicianStatus; onExit: () => void }) {
  const { t } = useCitizenTranslation();
  const [section, setSection] = useState<Section>('devices');
  const [config, setConfig] = useState<TechnicianConfig | null>(null);
  const [restartPending, setRestartPending] = useState(status.restartPending);

  const reload = useCallback(() => {
    void kiosk.technician.config().then((result) => {
      if (!result.ok) return;
      setConfig(result.value);
      setRestartPending(result.value.restartPending);
    });
  }, [kiosk]);
  useEffect(reload, [reload]);

  return (
    <div className="tech-home">
      <nav aria-label={t('technician.nav.label')} className="tech-nav">
        {SECTIONS.map((name) => (
          <button
            key={name}
            type="button"
            className="choice-button"
            aria-current={section === name ? 'page' : undefined}
            onClick={() => {
              techForm.getState().hideKeyboard();
              setSection(name);
            }}
          >
            {t(`technician.nav.${name}`)}
          </button>
        ))}
        <button type="button" className="secondary-button tech-exit" onClick={onExit}>
          {t('technician.exit')}
        </button>
      </nav>
      {restartPending || status.restartPending ? (
        <p className="tech-notice" role="status">
          {t('technician.restartPending')}
        </p>
      ) : null}
      <p className="tech-hint">{t('technician.expiresAt')}</p>
      {section === 'devices' ? <DevicesPanel kiosk={kiosk} config={config} simulated={status.simulatedDevices} onConfigChanged={reload} /> : null}
      {section === 'setup' ? <SetupPanel technician={kiosk.technician} config={config} onConfigChanged={reload} /> : null}
      {section === 'health' ? <HealthPanel technician={kiosk.technician} /> : null}
      {section === 'pin' ? <ChangePinView technician={kiosk.technician} /> : null}
    </div>
  );
}
