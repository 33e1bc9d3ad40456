import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { KioskApi } from '../../electron/contract/api.ts';
import type { KioskMode } from '../../electron/contract/app.ts';
import type { CentralTestResult, ConfigChangeResult, RegisterResult, TechnicianConfig } from '../../electron/contract/technician.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { CheckLineView, FailureView, RefusedView, ResultRegion, ConfigChangeView } from './Outcomes.tsx';
import { TechField } from './TechField.tsx';
import { techForm } from './technician-form.ts';
import { dayOf } from './technician-text.ts';
import { useTechnicianCall } from './use-technician-call.ts';

type Technician = KioskApi['technician'];

const MODES: readonly { readonly mode: KioskMode; readonly key: 'civilDigital' | 'chileatiende' }[] = [
  { mode: 'civil-digital', key: 'civilDigital' },
  { mode: 'chileatiende', key: 'chileatiende' },
];

/** Kiosk setup: mode, kiosk id, office, central URL and CA; registration with a one-time token; the connection test. */
export function SetupPanel({ technician, config, onConfigChanged }: { technician: Technician; config: TechnicianConfig | null; onConfigChanged: () => void }) {
  const { t } = useCitizenTranslation();
  const [mode, setMode] = useState<KioskMode | null>(null);
  const [force, setForce] = useState(false);
  const values = useStore(techForm, (s) => s.values);
  const save = useTechnicianCall<ConfigChangeResult>();
  const register = useTechnicianCall<RegisterResult>();
  const test = useTechnicianCall<CentralTestResult>();

  // The fields start from what is stored, once it is known.
  useEffect(() => {
    if (config === null) return;
    const form = techForm.getState();
    form.setValue('kioskId', config.kioskId);
    form.setValue('office', config.office);
    form.setValue('centralUrl', config.centralUrl ?? '');
    form.setValue('centralCaFile', config.centralCaFile ?? '');
  }, [config]);

  const chosenMode = mode ?? config?.mode ?? 'civil-digital';
  const busy = save.running || register.running || test.running;

  return (
    <section aria-labelledby="tech-setup-title" className="tech-panel">
      <h3 id="tech-setup-title">{t('technician.setup.title')}</h3>
      {config !== null && config.environmentOverrides.length > 0 ? (
        <p className="tech-hint">{t('technician.setup.envOverrides', { fields: config.environmentOverrides.join(', ') })}</p>
      ) : null}
      <fieldset className="tech-choice">
        <legend>{t('technician.setup.mode')}</legend>
        {MODES.map(({ mode: option, key }) => (
          <button key={option} type="button" className="choice-button" aria-pressed={chosenMode === option} onClick={() => setMode(option)}>
            {t(`technician.setup.modes.${key}`)}
          </button>
        ))}
      </fieldset>
      <TechField field="kioskId" label={t('technician.setup.kioskId')} />
      <TechField field="office" label={t('technician.setup.office')} />
      <TechField field="centralUrl" label={t('technician.setup.centralUrl')} />
      <TechField field="centralCaFile" label={t('technician.setup.centralCa')} />
      <div className="tech-actions">
        <button
          type="button"
          className="primary-button"
          disabled={busy}
          onClick={() =>
            void save
              .run(() =>
                technician.updateSetup({
                  mode: chosenMode,
                  kioskId: values.kioskId.trim(),
                  office: values.office.trim(),
                  centralUrl: values.centralUrl.trim() === '' ? null : values.centralUrl.trim(),
                  centralCaFile: values.centralCaFile.trim() === '' ? null : values.centralCaFile.trim(),
                }),
              )
              .then((result) => {
                if (result.ok && result.value.saved) onConfigChanged();
              })
          }
        >
          {t('technician.setup.save')}
        </button>
      </div>
      <ConfigChangeView result={save.result} savedKey="technician.setup.saved" />

      <h3>{t('technician.setup.registrationTitle')}</h3>
      <p>
        {config === null || config.certificate === null
          ? t('technician.setup.noCertificate')
          : t('technician.setup.certificate', { date: dayOf(config.certificate.notAfter), days: config.certificate.daysLeft })}
      </p>
      <TechField field="token" label={t('technician.setup.token')} />
      {config === null || config.certificate === null ? null : (
        <label className="tech-check-option">
          <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
          {t('technician.setup.force')}
        </label>
      )}
      <div className="tech-actions">
        <button
          type="button"
          className="primary-button"
          disabled={busy || values.token.trim() === ''}
          onClick={() => {
            const token = values.token.trim();
            // The token is used once: it does not stay on the screen.
            techForm.getState().setValue('token', '');
            void register
              .run(() => technician.register({ token, force }))
              .then((result) => {
                if (result.ok && result.value.outcome === 'pass') onConfigChanged();
              });
          }}
        >
          {t('technician.setup.register')}
        </button>
      </div>
      <ResultRegion>
        {register.running ? <p>{t('technician.working')}</p> : null}
        {register.result === null ? null : !register.result.ok ? (
          <RefusedView error={register.result.error} />
        ) : register.result.value.outcome === 'fail' ? (
          <FailureView failure={register.result.value} />
        ) : (
          <p className="tech-ok">
            {t('technician.setup.registered', {
              kioskId: register.result.value.kioskId,
              tls: register.result.value.tlsVersion ?? 'TLS',
              date: dayOf(register.result.value.certificate.notAfter),
            })}
          </p>
        )}
      </ResultRegion>

      <h3>{t('technician.setup.testTitle')}</h3>
      <button type="button" className="secondary-button" disabled={busy} onClick={() => void test.run(() => technician.centralTest())}>
        {t('technician.setup.test')}
      </button>
      <ResultRegion>
        {test.running ? <p>{t('technician.working')}</p> : null}
        {test.result === null ? null : !test.result.ok ? (
          <RefusedView error={test.result.error} />
        ) : test.result.value.outcome === 'fail' ? (
          <FailureView failure={test.result.value} />
        ) : (
          <div className="tech-outcome tech-outcome-pass">
            <p className="tech-mono">{test.result.value.central}</p>
            <p>{t('technician.setup.tls', { version: test.result.value.tlsVersion ?? '—' })}</p>
            {test.result.value.serverCertificate === null ? null : (
              <p>
                {t('technician.setup.serverCertificate', {
                  date: dayOf(test.result.value.serverCertificate.notAfter),
                  days: test.result.value.serverCertificate.daysLeft,
                })}
              </p>
            )}
            <p>
              {t('technician.setup.clientCertificate', {
                date: dayOf(test.result.value.clientCertificate.notAfter),
                days: test.result.value.clientCertificate.daysLeft,
              })}
            </p>
            <p>{t('technician.setup.roundTrip', { ms: test.result.value.roundTripMs })}</p>
            <ul className="tech-checks">
              <CheckLineView line={test.result.value.clock} />
              <CheckLineView line={test.result.value.certificateCheck} />
            </ul>
          </div>
        )}
      </ResultRegion>
    </section>
  );
}
