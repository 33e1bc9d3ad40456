import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { Icon, type IconName } from './Icon.tsx';

interface DialogButtonProps {
  readonly icon: IconName;
  /** The button's text (its accessible name). */
  readonly label: ReactNode;
  readonly title: ReactNode;
  /** The dialog's content; `close` lets a choice inside it close the dialog. */
  readonly children: (close: () => void) => ReactNode;
  readonly className?: string;
}

/**
 * A button that opens a modal dialog. The native <dialog> opened with
 * showModal traps focus, closes on Escape and gives focus back to the
 * button. Each screen mounts its own, so a dialog closes when the step
 * changes rather than describing a screen that is gone.
 */
export function DialogButton({ icon, label, title, children, className = 'choice-button' }: DialogButtonProps) {
  const { t } = useFirstScreenTranslation();
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const close = () => setOpen(false);
  return (
    <>
      <button type="button" className={className} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <Icon name={icon} />
        <span>{label}</span>
      </button>
      <dialog ref={dialogRef} className="kiosk-dialog" aria-labelledby={titleId} onClose={close}>
        <h2 id={titleId} className="dialog-title">
          <Icon name={icon} />
          {title}
        </h2>
        {children(close)}
        <button type="button" className="primary-button" onClick={close}>
          {t('help.close')}
        </button>
      </dialog>
    </>
  );
}
