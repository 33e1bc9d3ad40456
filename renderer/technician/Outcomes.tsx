import type { ReactNode } from 'react';
import type { KioskError, Result } from '../../electron/contract/errors.ts';
import type { CheckLine, CheckStatus, ConfigChangeResult, TechnicianFailure } from '../../electron/contract/technician.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { checkKey, errorKey, maintenanceText } from './technician-text.ts';

/** A status word with its mark; the colour is never the only sign. */
export function StatusBadge({ status }: { readonly status: CheckStatus }) {
  const { t } = useCitizenTranslation();
  const mark = { pass: '✓', warn: '!', fail: '✕', skip: '–' }[status];
  return (
    <span className={`tech-badge tech-badge-${status}`}>
      <span aria-hidden="true">{mark} </span>
      {t(`technician.result.${status}`)}
    </span>
  );
}

/** A failed test or operation: what happened, what to do (both translated from the service's message keys), and its code for the logs. */
export function FailureView({ failure }: { readonly failure: TechnicianFailure }) {
  const { t } = useCitizenTranslation();
  return (
    <div className="tech-outcome tech-outcome-fail">
      <StatusBadge status="fail" />
      <p>{maintenanceText(t, 'messages', failure.message)}</p>
      {failure.advice === undefined ? null : (
        <p>
          <strong>{t('technician.result.whatToDo')}</strong> {maintenanceText(t, 'advice', failure.advice)}
        </p>
      )}
      <p className="tech-code">{t('technician.result.code', { code: failure.code })}</p>
    </div>
  );
}

/** A refused command (a contract error): its translated message. */
export function RefusedView({ error }: { readonly error: KioskError }) {
  const { t } = useCitizenTranslation();
  return <p className="tech-alert">{t(errorKey(error), { defaultValue: t('errors.internal') })}</p>;
}

/** One selftest line: the check's name, its status, what was found, and what to do when it is not a pass. */
export function CheckLineView({ line }: { readonly line: CheckLine }) {
  const { t } = useCitizenTranslation();
  const key = checkKey(line.check);
  return (
    <li className={`tech-check tech-check-${line.status}`}>
      <div className="tech-check-head">
        <strong>{key === null ? line.check : t(`technician.health.checks.${key}`)}</strong>
        <StatusBadge status={line.status} />
      </div>
      <p>{maintenanceText(t, 'messages', line.message)}</p>
      {line.status === 'pass' || line.status === 'skip' ? null : (
        <p>
          <strong>{t('technician.result.whatToDo')}</strong>{' '}
          {line.advice !== undefined ? maintenanceText(t, 'advice', line.advice) : key === null ? null : t(`technician.health.hints.${key}`)}
        </p>
      )}
    </li>
  );
}

/** A live region that always exists, so what appears in it is announced. */
export function ResultRegion({ children }: { readonly children: ReactNode }) {
  return (
    <div className="tech-result" role="status">
      {children}
    </div>
  );
}

/** The answer to a configuration change (device assignment or kiosk setup): refused, saved, unchanged, or invalid. */
export function ConfigChangeView({
  result,
  savedKey,
}: {
  readonly result: Result<ConfigChangeResult> | null;
  readonly savedKey: 'technician.devices.saved' | 'technician.setup.saved';
}) {
  const { t } = useCitizenTranslation();
  return (
    <ResultRegion>
      {result === null ? null : !result.ok ? (
        <RefusedView error={result.error} />
      ) : result.value.saved ? (
        <p className="tech-ok">{result.value.changes.length === 0 ? t('technician.devices.unchanged') : t(savedKey)}</p>
      ) : (
        <p className="tech-alert">
          {t('technician.devices.refused', {
            field: result.value.field,
            reason: result.value.message === undefined ? result.value.reason : maintenanceText(t, 'messages', result.value.message),
          })}
        </p>
      )}
    </ResultRegion>
  );
}
