import { useCitizenCommands } from '../citizen-commands.ts';
import { Icon } from '../components/Icon.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useFormatDateTime } from '../i18n/use-format-date.ts';
import { useActionsLocked, useLockLiftsAt, usePrinterReady, useUnlockSlip } from '../store/hooks.ts';

/**
 * The lockout screen's own part (failure `locked`): when the lock lifts, in
 * the kiosk's zone, and what became of the printed procedure. Without a
 * printer the button is not offered, and the citizen is told whom to ask.
 */
export function LockoutDetails() {
  const { t } = useCitizenTranslation();
  const formatDateTime = useFormatDateTime();
  const liftsAt = useLockLiftsAt();
  const slip = useUnlockSlip();
  const printerReady = usePrinterReady();
  const slipStatus =
    slip === 'printing'
      ? t('failed.lock.printing')
      : slip === 'printed'
        ? t('failed.lock.printed')
        : slip === 'failed'
          ? t('failed.lock.failed')
          : printerReady
            ? null
            : t('failed.lock.noPrinter');
  return (
    <>
      {liftsAt === null ? null : <p className="lead">{t('failed.lock.liftsAt', { date: formatDateTime(liftsAt) })}</p>}
      <p className="hint" role="status">
        {slipStatus}
      </p>
    </>
  );
}

/** "Print the procedure", among the screen's actions, only while a receipt can be printed. */
export function PrintUnlockProcedureButton() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const slip = useUnlockSlip();
  if (!usePrinterReady() && slip !== 'printing') return null;
  return (
    <button
      type="button"
      className="secondary-button"
      disabled={locked || slip === 'printing'}
      onClick={() => commands.send({ type: 'unlock-procedure.print' })}
    >
      <Icon name="printer" />
      {t('failed.lock.print')}
    </button>
  );
}
