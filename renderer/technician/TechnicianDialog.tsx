/// <reference types="vite/client" />
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';
import type { TechnicianStatus } from '../../electron/contract/technician.ts';
import { useTranslation } from 'react-i18next';
import { addTechnicianTexts } from '../i18n/kiosk-i18n.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { TECHNICIAN_CATALOGUES } from './i18n/technician-catalogues.ts';
import { LockedView, NotSetUpView, PinEntryView } from './PinScreens.tsx';
import { TechKeyboard } from './TechKeyboard.tsx';
import { techForm } from './technician-form.ts';
import { TechnicianHome } from './TechnicianHome.tsx';
import { createThrottle } from '../store/activity-throttle.ts';
import './technician.css';

type Kiosk = Pick<KioskApi, 'technician' | 'devices'>;

/** The PIN screens give up after this long without a touch, so a citizen never finds the pad left open. */
export const PIN_SCREEN_IDLE_MS = 60_000;
/** Touches in technician mode postpone the service's inactivity deadline, at most this often. */
export const ACTIVITY_REPORT_MS = 15_000;

/**
 * Technician mode on the touch screen, over the welcome screen as a modal
 * dialog (the page behind it is inert). What it shows follows the service's
 * status: say how to set it up (no PIN yet), type the PIN, wait out a lock, or work. When the service
 * closes technician mode (exit, inactivity) the dialog closes with it.
 */
export function TechnicianDialog({ kiosk, onClose }: { readonly kiosk: Kiosk; readonly onClose: () => void }) {
  // Technician mode's texts travel in this chunk, not the citizen's first one; adding them again is a no-op.
  addTechnicianTexts(useTranslation().i18n, TECHNICIAN_CATALOGUES);
  const { t } = useCitizenTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState<TechnicianStatus | null>(null);
  const [lastTouch, setLastTouch] = useState(() => performance.now());
  const [activityGate] = useState(() => createThrottle(ACTIVITY_REPORT_MS, () => performance.now()));
  const close = useEffectEvent(onClose);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
    return () => {
      // Whatever was typed (a token, an address) goes with the dialog.
      techForm.getState().reset();
      dialog?.close();
    };
  }, []);

  const refresh = useCallback(() => {
    void kiosk.technician.status().then((result) => {
      if (result.ok) setStatus(result.value);
    });
  }, [kiosk]);
  useEffect(() => {
    void kiosk.technician.status().then((result) => {
      // Refused (a citizen's session began meanwhile) or unreachable: nothing to show.
      if (result.ok) setStatus(result.value);
      else close();
    });
  }, [kiosk]);

  // The service closed technician mode (exit, inactivity): back to the welcome screen.
  const pushed = useEffectEvent((next: TechnicianStatus) => {
    if (status?.state === 'active' && next.state !== 'active') onClose();
    else setStatus(next);
  });
  useEffect(() => kiosk.technician.onStatus((next) => pushed(next)), [kiosk]);

  const active = status?.state === 'active';
  useEffect(() => {
    if (active || status === null) return;
    const timer = setTimeout(() => close(), Math.max(0, PIN_SCREEN_IDLE_MS - (performance.now() - lastTouch)));
    return () => clearTimeout(timer);
  }, [active, status, lastTouch]);

  const onTouch = () => {
    setLastTouch(performance.now());
    if (active && activityGate()) void kiosk.technician.activity();
  };

  const exit = async () => {
    await kiosk.technician.exit();
    onClose();
  };

  const viewProps = status === null ? null : { technician: kiosk.technician, status, onStatus: setStatus, refresh };
  return (
    // A touch anywhere in it counts as activity; the controls inside are the real buttons.
    <dialog
      ref={dialogRef}
      className="technician-dialog"
      aria-labelledby="technician-title"
      onPointerDown={onTouch}
      onCancel={(event) => {
        // Escape on a bench keyboard leaves properly, never just hides the dialog.
        event.preventDefault();
        if (active) void exit();
        else onClose();
      }}
    >
      <header className="tech-header">
        <h1 id="technician-title">{t('technician.title')}</h1>
        {active ? null : (
          <button type="button" className="secondary-button" onClick={onClose}>
            {t('technician.cancel')}
          </button>
        )}
      </header>
      <div className="tech-body">
        {viewProps === null ? <p>{t('technician.working')}</p> : null}
        {viewProps !== null && viewProps.status.state === 'setup' ? <NotSetUpView /> : null}
        {viewProps !== null && viewProps.status.state === 'pin' ? <PinEntryView {...viewProps} /> : null}
        {viewProps !== null && viewProps.status.state === 'locked' ? (
          <LockedView key={`${viewProps.status.lockedUntil}:${viewProps.status.lockoutSecondsLeft}`} {...viewProps} />
        ) : null}
        {viewProps !== null && viewProps.status.state === 'active' ? (
          <TechnicianHome kiosk={kiosk} status={viewProps.status} onExit={() => void exit()} />
        ) : null}
      </div>
      <TechKeyboard />
    </dialog>
  );
}
