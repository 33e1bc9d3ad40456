import { useEffect, useId, useRef, useState } from 'react';
import { useCitizenCommands } from '../citizen-commands.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useIdleDeadline, useSessionBusy } from '../store/hooks.ts';
import { idleWarning } from '../store/idle-warning.ts';
import { useNow } from '../store/use-now.ts';
import { Icon } from './Icon.tsx';

/**
 * The large "Are you still there?" warning in the last seconds before the
 * service wipes an idle session (WCAG 2.2.1): "Continue" postpones the
 * deadline at once. When the deadline passes, the service returns the kiosk
 * to the Spanish welcome screen; this component only warns.
 */
export function IdleWarning() {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const idleDeadline = useIdleDeadline();
  const busy = useSessionBusy();
  const nowMs = useNow(idleDeadline !== null);
  const spanMs = useDeadlineSpan(idleDeadline, nowMs);
  const warning = idleWarning({ nowMs, idleDeadline, busy, spanMs });
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    // A help dialog left open is closed first: only one modal at a time.
    if (warning.show && !dialog.open) {
      for (const other of document.querySelectorAll<HTMLDialogElement>('dialog[open]')) other.close();
      dialog.showModal();
    }
    if (!warning.show && dialog.open) dialog.close();
  }, [warning.show]);

  return (
    <dialog
      ref={dialogRef}
      className="kiosk-dialog idle-warning"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        // Escape on a hardware keypad means "I am here", not "let it run out".
        event.preventDefault();
        commands.stayActive();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        <Icon name="clock" />
        {t('idleWarning.title')}
      </h2>
      <p id={bodyId} className="dialog-body">
        {t('idleWarning.body')}
      </p>
      <p className="idle-countdown" aria-hidden="true">
        {warning.show ? warning.secondsLeft : ''}
      </p>
      <p className="idle-countdown-text">{warning.show ? t('idleWarning.countdown', { seconds: warning.secondsLeft }) : ''}</p>
      <div className="dialog-actions">
        <button type="button" className="primary-button" onClick={commands.stayActive}>
          {t('idleWarning.continue')}
        </button>
        <button type="button" className="secondary-button" onClick={commands.cancel}>
          {t('idleWarning.end')}
        </button>
      </div>
    </dialog>
  );
}

/** How far away the deadline was when it arrived (see idle-warning.ts `spanMs`). */
function useDeadlineSpan(idleDeadline: string | null, nowMs: number): number | undefined {
  const [span, setSpan] = useState<{ deadline: string; spanMs: number } | null>(null);
  if (idleDeadline !== null && span?.deadline !== idleDeadline) {
    // Set during render when the deadline changes (React's "adjusting state on prop change" pattern).
    setSpan({ deadline: idleDeadline, spanMs: Date.parse(idleDeadline) - nowMs });
  }
  return span?.deadline === idleDeadline ? span.spanMs : undefined;
}
