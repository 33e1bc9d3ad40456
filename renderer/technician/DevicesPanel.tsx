import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { KioskApi } from '../../electron/contract/api.ts';
import { DEVICE_ROLES_LIST, type DeviceRoleName } from './device-roles.ts';
import type { DeviceStatusReport } from '../../electron/contract/devices.ts';
import type {
  CardTestResult,
  CheckLine,
  ConfigChangeResult,
  FingerprintTestResult,
  PluggedDevice,
  PluggedDevices,
  PrinterTestResult,
  TechnicianConfig,
} from '../../electron/contract/technician.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { withBaud } from './assignment-text.ts';
import { FingerImage } from './FingerImage.tsx';
import { CheckLineView, FailureView, RefusedView, ResultRegion, ConfigChangeView } from './Outcomes.tsx';
import { TechField } from './TechField.tsx';
import { techForm } from './technician-form.ts';
import { STATE_KEYS } from './technician-text.ts';
import { useTechnicianCall } from './use-technician-call.ts';

type Kiosk = Pick<KioskApi, 'technician' | 'devices'>;

const BAUD_RATES = [9600, 19200, 57600, 115200] as const;
const hex = (n: number | null) => (n === null ? '????' : n.toString(16).padStart(4, '0'));

function RoleCard({
  kiosk,
  role,
  report,
  assignment,
  simulated,
}: {
  kiosk: Kiosk;
  role: DeviceRoleName;
  report: DeviceStatusReport | null;
  assignment: string | null;
  simulated: boolean;
}) {
  const { t } = useCitizenTranslation();
  const probe = useTechnicianCall<CheckLine>();
  const test = useTechnicianCall<FingerprintTestResult | CardTestResult | PrinterTestResult>();
  const status = report?.roles[role] ?? null;
  const running = probe.running || test.running;
  const testLabel = {
    fingerprint: t('technician.devices.testFingerprint'),
    cardReader: t('technician.devices.testCardReader'),
    printer: t('technician.devices.testPrinter'),
  }[role];
  const runTest = () =>
    test.run(() =>
      role === 'fingerprint' ? kiosk.technician.testFingerprint() : role === 'cardReader' ? kiosk.technician.testCardReader() : kiosk.technician.testPrinter(),
    );
  return (
    <li className="tech-card" aria-labelledby={`tech-role-${role}`}>
      <div className="tech-card-head">
        <h4 id={`tech-role-${role}`}>{t(`technician.roles.${role}`)}</h4>
        <span className={`tech-state tech-state-${status?.state ?? 'unknown'}`}>
          {status === null ? '…' : t(`technician.state.${STATE_KEYS[status.state]}`)}
        </span>
      </div>
      {assignment === null ? null : <p className="tech-mono">{t('technician.devices.assigned', { assignment })}</p>}
      {status === null || status.driver === null ? null : <p className="tech-mono">{t('technician.devices.driver', { driver: status.driver })}</p>}
      <div className="tech-actions">
        <button type="button" className="secondary-button" disabled={running} onClick={() => void probe.run(() => kiosk.technician.probeDevice({ role }))}>
          {t('technician.devices.probe')}
        </button>
        <button type="button" className="primary-button" disabled={running} onClick={() => void runTest()}>
          {testLabel}
        </button>
      </div>
      <ResultRegion>
        {running ? (
          <p>
            {role === 'fingerprint' ? t('technician.devices.fingerHint') : role === 'cardReader' ? t('technician.devices.cardHint') : t('technician.working')}
          </p>
        ) : null}
        {running && simulated && role !== 'printer' ? <p className="tech-hint">{t('technician.devices.simulatedHint')}</p> : null}
        {probe.result === null ? null : probe.result.ok ? (
          <ul className="tech-checks">
            <CheckLineView line={probe.result.value} />
          </ul>
        ) : (
          <RefusedView error={probe.result.error} />
        )}
        {test.result === null ? null : test.result.ok ? <TestOutcome result={test.result.value} /> : <RefusedView error={test.result.error} />}
      </ResultRegion>
    </li>
  );
}

function TestOutcome({ result }: { result: FingerprintTestResult | CardTestResult | PrinterTestResult }) {
  const { t } = useCitizenTranslation();
  if (result.outcome === 'fail') return <FailureView failure={result} />;
  if ('templateFormat' in result) {
    return (
      <div className="tech-outcome tech-outcome-pass">
        <p>{result.quality === null ? t('technician.devices.qualityUnknown') : t('technician.devices.quality', { quality: result.quality })}</p>
        {result.image === null ? null : <FingerImage {...result.image} />}
      </div>
    );
  }
  if ('card' in result) {
    const { card } = result;
    const rows = [
      ['documentType', card.documentType],
      ['run', card.runMasked],
      ['serial', card.serialMasked],
      ['surnames', card.surnamesMasked],
      ['givenNames', card.givenNamesMasked],
      ['birthDate', card.birthDateMasked],
      ['expiryDate', card.expiryDate],
      ['sex', card.sex],
      ['nationality', card.nationality],
      ['source', card.source],
    ] as const;
    return (
      <dl className="tech-outcome tech-outcome-pass tech-card-fields">
        {rows.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`technician.devices.card.${key}`)}</dt>
            <dd>{value ?? '—'}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <div className="tech-outcome tech-outcome-pass">
      <p>{t('technician.devices.printed', { bytes: result.bytesSent })}</p>
      {result.warnings.includes('paper_near_end') ? <p>{t('technician.devices.paperNearEnd')}</p> : null}
    </div>
  );
}

function PluggedRow({ device, onUse }: { device: PluggedDevice; onUse: (role: DeviceRoleName, assignment: string) => void }) {
  const { t } = useCitizenTranslation();
  const { suggestion } = device;
  return (
    <li className="tech-card">
      <p className="tech-mono">
        <strong>{device.stablePath ?? device.path ?? '—'}</strong>
      </p>
      {device.vendorId === null ? null : (
        <p className="tech-mono">{t('technician.devices.usbId', { id: `${hex(device.vendorId)}:${hex(device.productId)}` })}</p>
      )}
      {device.manufacturer === null && device.product === null ? null : (
        <p>{t('technician.devices.maker', { maker: [device.manufacturer, device.product].filter(Boolean).join(' · ') })}</p>
      )}
      {device.serialNumber === null ? null : <p>{t('technician.devices.serialNumber', { serial: device.serialNumber })}</p>}
      {device.usagePage === null ? null : (
        <p className="tech-mono">
          {t('technician.devices.usage', { page: `0x${device.usagePage.toString(16)}`, usage: `0x${(device.usage ?? 0).toString(16)}` })}
        </p>
      )}
      {suggestion === null ? (
        <p className="tech-hint">{t('technician.devices.unknown')}</p>
      ) : (
        <>
          <p>{t('technician.devices.suggestion', { name: suggestion.name })}</p>
          <p className="tech-hint">{t('technician.devices.source', { source: suggestion.source })}</p>
          <div className="tech-actions">
            {suggestion.roles.map((option) => (
              <button key={option.role} type="button" className="secondary-button" onClick={() => onUse(option.role, option.assignment)}>
                {t('technician.devices.useFor', { role: t(`technician.roles.${option.role}`) })}
              </button>
            ))}
          </div>
        </>
      )}
    </li>
  );
}

/** Devices: live status of each role with its probe and test, assignment, and what is plugged in. */
export function DevicesPanel({
  kiosk,
  config,
  simulated,
  onConfigChanged,
}: {
  kiosk: Kiosk;
  config: TechnicianConfig | null;
  simulated: boolean;
  onConfigChanged: () => void;
}) {
  const { t } = useCitizenTranslation();
  const [report, setReport] = useState<DeviceStatusReport | null>(null);
  const [role, setRole] = useState<DeviceRoleName>('fingerprint');
  const assignmentText = useStore(techForm, (s) => s.values.assignment);
  const save = useTechnicianCall<ConfigChangeResult>();
  const plugged = useTechnicianCall<PluggedDevices>();

  useEffect(() => {
    let live = true;
    void kiosk.devices.status().then((result) => live && result.ok && setReport(result.value));
    const off = kiosk.devices.onStatus((next) => setReport(next));
    return () => {
      live = false;
      off();
    };
  }, [kiosk]);

  const use = (nextRole: DeviceRoleName, assignment: string) => {
    setRole(nextRole);
    techForm.getState().setValue('assignment', assignment);
    save.clear();
  };

  return (
    <section aria-labelledby="tech-devices-title" className="tech-panel">
      <h3 id="tech-devices-title">{t('technician.devices.statusTitle')}</h3>
      <ul className="tech-cards">
        {DEVICE_ROLES_LIST.map((r) => (
          <RoleCard key={r} kiosk={kiosk} role={r} report={report} assignment={config?.devices[r] ?? null} simulated={simulated} />
        ))}
      </ul>

      <h3>{t('technician.devices.assignTitle')}</h3>
      <fieldset className="tech-choice">
        <legend>{t('technician.devices.role')}</legend>
        {DEVICE_ROLES_LIST.map((r) => (
          <button key={r} type="button" className="choice-button" aria-pressed={role === r} onClick={() => setRole(r)}>
            {t(`technician.roles.${r}`)}
          </button>
        ))}
      </fieldset>
      <TechField field="assignment" label={t('technician.devices.assignment')} hint={t('technician.devices.assignmentHint')} />
      <fieldset className="tech-choice">
        <legend>{t('technician.devices.baud')}</legend>
        {BAUD_RATES.map((baud) => (
          <button key={baud} type="button" className="choice-button" onClick={() => techForm.getState().setValue('assignment', withBaud(assignmentText, baud))}>
            {baud}
          </button>
        ))}
      </fieldset>
      <div className="tech-actions">
        <button
          type="button"
          className="primary-button"
          disabled={save.running || assignmentText.trim() === ''}
          onClick={() =>
            void save
              .run(() => kiosk.technician.assignDevice({ role, assignment: assignmentText.trim() }))
              .then((result) => {
                if (result.ok && result.value.saved) onConfigChanged();
              })
          }
        >
          {t('technician.devices.saveAssignment')}
        </button>
      </div>
      <ConfigChangeView result={save.result} savedKey="technician.devices.saved" />

      <h3>{t('technician.devices.pluggedTitle')}</h3>
      <button type="button" className="secondary-button" disabled={plugged.running} onClick={() => void plugged.run(() => kiosk.technician.listDevices())}>
        {t('technician.devices.refresh')}
      </button>
      <ResultRegion>
        {plugged.running ? <p>{t('technician.working')}</p> : null}
        {plugged.result === null ? null : !plugged.result.ok ? (
          <RefusedView error={plugged.result.error} />
        ) : (
          <>
            {plugged.result.value.problems.map((problem) => (
              <p key={problem} className="tech-alert">
                {problem}
              </p>
            ))}
            {plugged.result.value.devices.length === 0 ? (
              <p>{t('technician.devices.none')}</p>
            ) : (
              <ul className="tech-cards">
                {plugged.result.value.devices.map((device) => (
                  <PluggedRow
                    key={`${device.kind}:${device.path ?? ''}:${hex(device.vendorId)}:${hex(device.productId)}:${device.usagePage ?? ''}`}
                    device={device}
                    onUse={use}
                  />
                ))}
              </ul>
            )}
          </>
        )}
      </ResultRegion>
    </section>
  );
}
